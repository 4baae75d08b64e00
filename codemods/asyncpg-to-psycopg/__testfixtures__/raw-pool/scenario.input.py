import asyncpg

from . import pools


async def scenario(dsn):
    out = []
    pool = await pools.create(dsn)
    try:
        async with pool.acquire() as conn:
            await conn.execute("DROP TABLE IF EXISTS fx_pool_jobs; CREATE TABLE fx_pool_jobs (id serial PRIMARY KEY, name text)")
        out.append(("acquire/release, init ran", await pools.borrow_and_return(pool)))
        await pools.add_job(pool, "first")
        await pools.add_job(pool, "second")
        out.append(("acquire in async with", await pools.in_block(pool)))
        out.append(("sizes", pools.sizes(pool)))
        out.append(("setup ran on every acquire", pools.setup_calls >= 4))
    finally:
        async with pool.acquire() as conn:
            await conn.execute("DROP TABLE IF EXISTS fx_pool_jobs")
        await pool.close()

    # One connection: what one borrower leaves on it (a setting, an advisory lock) is gone for the next.
    single = await asyncpg.create_pool(dsn, min_size=1, max_size=1)
    try:
        out.append(("session state after release", await pools.leftovers(single, dsn)))
    finally:
        await single.close()

    # A pool opened by async with, and one that is terminated.
    async with asyncpg.create_pool(dsn, min_size=1, max_size=2) as scoped:
        out.append(("pool as a context manager", await scoped_value(scoped)))
    doomed = await asyncpg.create_pool(dsn, min_size=1, max_size=1)
    doomed.terminate()
    out.append(("terminated", "ok"))
    return out


async def scoped_value(pool: asyncpg.Pool) -> int:
    async with pool.acquire() as conn:
        return await conn.fetchval("SELECT 40 + 2")
