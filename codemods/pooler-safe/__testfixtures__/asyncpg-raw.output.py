import asyncpg


async def main(dsn, **extra):
    conn = await asyncpg.connect(dsn, statement_cache_size=0)
    pool = await asyncpg.create_pool(
        dsn,
        min_size=1,
        max_size=10,  # keep small
        statement_cache_size=0,
    )
    cached = await asyncpg.create_pool(dsn, statement_cache_size=0)
    # migrate-driver: TODO asyncpg.connect() takes options from **..., so statement_cache_size=0 cannot be added safely: set it where those options are built
    hidden = await asyncpg.connect(dsn, **extra)
    # migrate-driver: TODO explicit prepare(): before asyncpg 0.31.0 it always creates a named statement; behind a transaction pooler run the query directly
    stmt = await conn.prepare("select 1")
    # migrate-driver: TODO copy_records_to_table() uses a named statement even with statement_cache_size=0 before asyncpg 0.31.0 (no version found): upgrade asyncpg
    await conn.copy_records_to_table("t", records=[(1,)])
    return pool, cached, hidden, stmt
