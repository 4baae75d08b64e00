import asyncpg


async def make_pool(dsn):
    # migrate-driver: TODO asyncpg.create_pool(): port to psycopg_pool.AsyncConnectionPool(conninfo, min_size=..., max_size=..., open=False, kwargs={"prepare_threshold": None}) then await pool.open(), from the psycopg-pool package
    return await asyncpg.create_pool(dsn, statement_cache_size=0)
