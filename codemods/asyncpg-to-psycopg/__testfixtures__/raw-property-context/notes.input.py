"""Note commands."""
from __future__ import annotations

from typing import Optional

from . import context as contexts
from .context import Context, GuildContext


async def last_note(ctx: GuildContext) -> Optional[str]:
    row = await ctx.db.fetchrow("SELECT body FROM notes WHERE author_id = $1 ORDER BY id DESC LIMIT 1", ctx.author_id)
    return row["body"] if row else None


async def note_count(ctx: Optional[Context] = None) -> int:
    return await ctx.db.fetchval("SELECT count(*) FROM notes WHERE author_id = $1", ctx.author_id)


async def forget(ctx: contexts.GuildContext, note_id: int) -> str:
    return await ctx.db.execute("DELETE FROM notes WHERE id = $1 AND author_id = $2", note_id, ctx.author_id)


class NotePage:
    def __init__(self, ctx: Context) -> None:
        self.ctx: Context = ctx

    async def lines(self) -> list[str]:
        async with self.ctx.db.acquire() as conn:
            return [body for (body,) in await conn.fetch("SELECT body FROM notes WHERE author_id = $1 ORDER BY id", self.ctx.author_id)]
