"""Note queries on a connection taken from the app's pool."""
import asyncpg


async def insert(conn: asyncpg.Connection, author: str, body: str) -> int:
    note_id = await conn.fetchval("INSERT INTO fx_state_notes (author, body) VALUES ($1, $2) RETURNING id", author, body)
    await conn.execute("INSERT INTO fx_state_tags (note_id, tag) VALUES ($1, 'new')", note_id)
    return note_id
