import asyncpg


class Catalogue:
    async def start(self, dsn):
        self.pool = await asyncpg.create_pool(dsn, min_size=1, max_size=4)

    async def search(self, pattern):
        # A pool shortcut: the query runs on a connection from the pool, rewritten the same way.
        return await self.pool.fetch("SELECT sku FROM products WHERE sku LIKE $1 || '%' ORDER BY sku", pattern)

    async def ratio(self, a, b):
        return await self.pool.fetchval("SELECT $1::numeric / nullif($2, 0) * 100 || '%'", a, b)
