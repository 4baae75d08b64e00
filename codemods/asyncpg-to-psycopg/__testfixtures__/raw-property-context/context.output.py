"""Command context: handlers reach the database through ctx.db."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from psycopg_pool import AsyncConnectionPool as Pool


class Context:
    def __init__(self, bot, author_id: int) -> None:
        self.bot = bot
        self.author_id = author_id
        self.pool: Pool = bot.pool

    @property
    def db(self):
        return self.pool

    async def remember(self, note: str) -> str:
        async with self.db.connection() as conn:
            return (await conn.execute("INSERT INTO notes (author_id, body) VALUES ($1, $2)", (self.author_id, note))).statusmessage


class GuildContext(Context):
    guild_id: int
