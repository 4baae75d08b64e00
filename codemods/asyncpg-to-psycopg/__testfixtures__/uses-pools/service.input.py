import asyncpg


async def make_pool(dsn: str):
    return await asyncpg.create_pool(dsn, min_size=1, max_size=10)
