import asyncpg


class Store:
    async def connect(self, dsn):
        self.pool = await asyncpg.create_pool(dsn)

    async def names(self):
        async with self.pool.acquire() as connection:
            rows = await connection.fetch(self.query)
        return [dict(r) for r in rows]

    async def ping(self):
        return await self.pool.execute("SELECT 1")


async def first(conn, query, *args):
    return await conn.fetchrow(query, *args)
