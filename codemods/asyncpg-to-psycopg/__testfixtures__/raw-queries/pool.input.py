import asyncpg


async def make_pool(dsn):
    return await asyncpg.create_pool(dsn, statement_cache_size=0)
