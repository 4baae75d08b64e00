"""Note commands."""
from __future__ import annotations

from typing import Optional

from . import context as contexts
from .context import Context, GuildContext
from psycopg.rows import dict_row, scalar_row


async def last_note(ctx: GuildContext) -> Optional[str]:
    async with ctx.db.connection() as conn:
        row = await (await conn.cursor(row_factory=dict_row).execute("SELECT body FROM notes WHERE author_id = $1 ORDER BY id DESC LIMIT 1", (ctx.author_id,))).fetchone()
    return row["body"] if row else None


async def note_count(ctx: Optional[Context] = None) -> int:
    async with ctx.db.connection() as conn:
        return await (await conn.cursor(row_factory=scalar_row).execute("SELECT count(*) FROM notes WHERE author_id = $1", (ctx.author_id,))).fetchone()


async def forget(ctx: contexts.GuildContext, note_id: int) -> str:
    async with ctx.db.connection() as conn:
        return (await conn.execute("DELETE FROM notes WHERE id = $1 AND author_id = $2", (note_id, ctx.author_id))).statusmessage


class NotePage:
    def __init__(self, ctx: Context) -> None:
        self.ctx: Context = ctx

    async def lines(self) -> list[str]:
        async with self.ctx.db.connection() as conn:
            return [body for (body,) in await (await conn.execute("SELECT body FROM notes WHERE author_id = $1 ORDER BY id", (self.ctx.author_id,))).fetchall()]
