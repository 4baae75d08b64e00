import psycopg
import psycopg_pool
from psycopg.rows import scalar_row
import asyncpg_compat


class Catalogue:
    async def start(self, dsn):
        self.pool = psycopg_pool.AsyncConnectionPool(dsn, min_size=1, max_size=4, reset=asyncpg_compat.reset_connection, open=False, kwargs={"autocommit": True, "prepare_threshold": None, "context": asyncpg_compat.ASYNCPG_TYPES})
        await self.pool.open()

    async def search(self, pattern):
        # A pool shortcut: the query runs on a connection from the pool, rewritten the same way.
        async with self.pool.connection() as conn:
            return await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT sku FROM products WHERE sku LIKE %s || '%%' ORDER BY sku", (pattern,))).fetchall()

    async def ratio(self, a, b):
        async with self.pool.connection() as conn:
            return await (await conn.cursor(row_factory=scalar_row).execute("SELECT %s::numeric / nullif(%s, 0) * 100 || '%%'", (a, b))).fetchone()
