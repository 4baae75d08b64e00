import asyncpg


async def main(dsn, **extra):
    conn = await asyncpg.connect(dsn)
    pool = await asyncpg.create_pool(
        dsn,
        min_size=1,
        max_size=10,  # keep small
    )
    cached = await asyncpg.create_pool(dsn, statement_cache_size=100)
    hidden = await asyncpg.connect(dsn, **extra)
    stmt = await conn.prepare("select 1")
    await conn.copy_records_to_table("t", records=[(1,)])
    return pool, cached, hidden, stmt
