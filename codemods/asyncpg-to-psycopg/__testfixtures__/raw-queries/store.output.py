import psycopg
import psycopg_pool
from psycopg.rows import dict_row
import asyncpg_compat


class Store:
    async def connect(self, dsn):
        self.pool = psycopg_pool.AsyncConnectionPool(dsn, min_size=10, max_size=10, open=False, kwargs={"autocommit": True, "prepare_threshold": None, "cursor_factory": psycopg.AsyncRawCursor, "context": asyncpg_compat.ASYNCPG_TYPES})
        await self.pool.open()

    async def names(self):
        async with self.pool.connection() as connection:
            rows = await (await connection.cursor(row_factory=dict_row).execute(self.query)).fetchall()
        return [dict(r) for r in rows]

    async def ping(self):
        async with self.pool.connection() as conn:
            return (await conn.execute("SELECT 1")).statusmessage


async def first(conn, query, *args):
    # migrate-driver: TODO 1 asyncpg-style call (conn.fetchrow) on a receiver that could not be traced to asyncpg.connect/create_pool: left as is; if it is an asyncpg connection, annotate it (conn: asyncpg.Connection) and run again, or port by hand: (await conn.execute(query, params)).fetchall() / .fetchone() / .statusmessage
    return await conn.fetchrow(query, *args)
