import asyncpg


class Store:
    async def connect(self, dsn):
        # migrate-driver: TODO asyncpg.create_pool(): port to psycopg_pool.AsyncConnectionPool(conninfo, min_size=..., max_size=..., open=False, kwargs={"prepare_threshold": None}) then await pool.open(), from the psycopg-pool package
        self.pool = await asyncpg.create_pool(dsn)

    async def names(self):
        async with self.pool.acquire() as connection:
            # migrate-driver: TODO 3 raw asyncpg queries in this file (fetch/fetchrow/fetchval/execute on asyncpg connections, $n placeholders) need porting: in psycopg run (await conn.execute(query, params)).fetchall() / .fetchone(), keep the $n SQL with cursor_factory=psycopg.AsyncRawCursor, read execute's status string from cursor.statusmessage, and use a row factory where rows are read by key
            rows = await connection.fetch(self.query)
        return [dict(r) for r in rows]

    async def ping(self):
        return await self.pool.execute("SELECT 1")


async def first(conn, query, *args):
    return await conn.fetchrow(query, *args)
