import psycopg
import psycopg_pool
from psycopg.rows import scalar_row
from . import asyncpg_compat

from . import pools


async def scenario(dsn):
    out = []
    pool = await pools.create(dsn)
    try:
        async with pool.connection() as conn:
            await conn.execute("DROP TABLE IF EXISTS fx_pool_jobs; CREATE TABLE fx_pool_jobs (id serial PRIMARY KEY, name text)")
        out.append(("acquire/release, init ran", await pools.borrow_and_return(pool)))
        await pools.add_job(pool, "first")
        await pools.add_job(pool, "second")
        out.append(("acquire in async with", await pools.in_block(pool)))
        out.append(("sizes", pools.sizes(pool)))
        out.append(("setup ran on every acquire", pools.setup_calls >= 4))
    finally:
        async with pool.connection() as conn:
            await conn.execute("DROP TABLE IF EXISTS fx_pool_jobs")
        await pool.close()

    # One connection: what one borrower leaves on it (a setting, an advisory lock) is gone for the next.
    single = psycopg_pool.AsyncConnectionPool(dsn, min_size=1, max_size=1, reset=asyncpg_compat.reset_connection, open=False, kwargs={"autocommit": True, "prepare_threshold": None, "cursor_factory": psycopg.AsyncRawCursor, "context": asyncpg_compat.ASYNCPG_TYPES})
    await single.open()
    try:
        out.append(("session state after release", await pools.leftovers(single, dsn)))
    finally:
        await single.close()

    # A pool opened by async with, and one that is terminated.
    async with psycopg_pool.AsyncConnectionPool(dsn, min_size=1, max_size=2, reset=asyncpg_compat.reset_connection, open=False, kwargs={"autocommit": True, "prepare_threshold": None, "cursor_factory": psycopg.AsyncRawCursor, "context": asyncpg_compat.ASYNCPG_TYPES}) as scoped:
        out.append(("pool as a context manager", await scoped_value(scoped)))
    doomed = psycopg_pool.AsyncConnectionPool(dsn, min_size=1, max_size=1, reset=asyncpg_compat.reset_connection, open=False, kwargs={"autocommit": True, "prepare_threshold": None, "cursor_factory": psycopg.AsyncRawCursor, "context": asyncpg_compat.ASYNCPG_TYPES})
    await doomed.open()
    await doomed.close(timeout=0)
    out.append(("terminated", "ok"))
    return out


async def scoped_value(pool: psycopg_pool.AsyncConnectionPool) -> int:
    async with pool.connection() as conn:
        return await (await conn.cursor(row_factory=scalar_row).execute("SELECT 40 + 2")).fetchone()
