import asyncpg


async def main(dsn):
    return await asyncpg.connect(
        dsn,
        timeout=5,
        statement_cache_size=0,
    )
