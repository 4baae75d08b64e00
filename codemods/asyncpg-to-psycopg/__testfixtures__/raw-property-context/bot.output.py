import psycopg
import psycopg_pool
from . import asyncpg_compat


class Bot:
    pool: psycopg_pool.AsyncConnectionPool

    async def start(self, dsn: str) -> None:
        self.pool = psycopg_pool.AsyncConnectionPool(dsn, min_size=10, max_size=10, reset=asyncpg_compat.reset_connection, open=False, kwargs={"autocommit": True, "prepare_threshold": None, "cursor_factory": psycopg.AsyncRawCursor, "context": asyncpg_compat.ASYNCPG_TYPES})
        await self.pool.open()
