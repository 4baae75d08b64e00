"""Request handlers: each reaches the pool through request.app.state."""
from __future__ import annotations

from . import notes
from psycopg.rows import dict_row, scalar_row


class Request:
    def __init__(self, app, **params) -> None:
        self.app = app
        self.params = params


async def create_note(request: Request) -> dict:
    async with request.app.state.pool.connection() as conn:
        note_id = await notes.insert(conn, request.params["author"], request.params["body"])
    return {"id": note_id}


async def list_notes(request: Request) -> list[dict]:
    async with request.app.state.pool.connection() as conn:
        rows = await (await conn.cursor(row_factory=dict_row).execute("SELECT id, author, body FROM fx_state_notes WHERE author = $1 ORDER BY id", (request.params["author"],))).fetchall()
    return [{"id": r["id"], "body": r["body"]} for r in rows]


async def count_notes(request: Request) -> int:
    pool = request.app.state.pool
    async with pool.connection() as conn:
        return await (await conn.cursor(row_factory=scalar_row).execute("SELECT count(*) FROM fx_state_notes")).fetchone()


async def delete_author(request: Request) -> str:
    async with request.app.state.pool.connection() as conn:
        async with conn.transaction():
            await conn.execute("DELETE FROM fx_state_tags WHERE note_id IN (SELECT id FROM fx_state_notes WHERE author = $1)", (request.params["author"],))
            return (await conn.execute("DELETE FROM fx_state_notes WHERE author = $1", (request.params["author"],))).statusmessage
