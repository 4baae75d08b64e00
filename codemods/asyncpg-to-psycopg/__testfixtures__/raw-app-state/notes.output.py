"""Note queries on a connection taken from the app's pool."""
import psycopg
from psycopg.rows import scalar_row


async def insert(conn: psycopg.AsyncConnection, author: str, body: str) -> int:
    note_id = await (await conn.cursor(row_factory=scalar_row).execute("INSERT INTO fx_state_notes (author, body) VALUES ($1, $2) RETURNING id", (author, body))).fetchone()
    await conn.execute("INSERT INTO fx_state_tags (note_id, tag) VALUES ($1, 'new')", (note_id,))
    return note_id
