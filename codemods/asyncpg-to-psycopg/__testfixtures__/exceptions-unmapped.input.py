import asyncpg


async def main(dsn):
    pool = await asyncpg.create_pool(dsn, statement_cache_size=0)
    try:
        await pool.execute("select 1")
    except asyncpg.UniqueViolationError:
        pass
    except asyncpg.PostgresError:
        raise
