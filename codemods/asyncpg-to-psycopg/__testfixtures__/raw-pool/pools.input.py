"""Pool life cycle for the API: created at start-up, connections borrowed per request."""
import asyncpg

init_pids: set[int] = set()
setup_calls = 0


async def _init(conn: asyncpg.Connection) -> None:
    # Once per new connection.
    init_pids.add(await conn.fetchval("SELECT pg_backend_pid()"))


async def _setup(conn):
    # Before every acquire.
    global setup_calls
    setup_calls += 1


async def create(dsn: str) -> asyncpg.Pool:
    return await asyncpg.create_pool(dsn, min_size=2, max_size=4, init=_init, setup=_setup, max_inactive_connection_lifetime=60.0)


async def borrow_and_return(pool: asyncpg.Pool) -> bool:
    conn = await pool.acquire()
    try:
        # The connection handed out went through init.
        return await conn.fetchval("SELECT pg_backend_pid()") in init_pids
    finally:
        await pool.release(conn)


async def in_block(pool: asyncpg.Pool) -> int:
    async with pool.acquire() as conn:
        return await conn.fetchval("SELECT count(*) FROM fx_pool_jobs")


async def add_job(pool: asyncpg.Pool, name: str) -> None:
    async with pool.acquire() as connection:
        await connection.execute("INSERT INTO fx_pool_jobs (name) VALUES ($1)", name)


def sizes(pool: asyncpg.Pool) -> tuple:
    return pool.get_min_size(), pool.get_max_size(), pool.get_size() >= 2, 0 <= pool.get_idle_size() <= pool.get_size()


async def leftovers(pool: asyncpg.Pool, dsn: str) -> tuple:
    async with pool.acquire() as conn:
        await conn.execute("SET search_path TO pg_catalog")
        await conn.execute("SELECT pg_advisory_lock(4242)")
    async with pool.acquire() as conn:
        search_path = await conn.fetchval("SHOW search_path")
    other = await asyncpg.connect(dsn)
    try:
        lock_free = await other.fetchval("SELECT pg_try_advisory_lock(4242)")
        await other.execute("SELECT pg_advisory_unlock_all()")
    finally:
        await other.close()
    return search_path, lock_free
