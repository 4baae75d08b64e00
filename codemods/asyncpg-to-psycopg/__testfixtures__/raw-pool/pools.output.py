"""Pool life cycle for the API: created at start-up, connections borrowed per request."""
import psycopg
import psycopg_pool
from psycopg.rows import scalar_row
from . import asyncpg_compat

init_pids: set[int] = set()
setup_calls = 0


async def _init(conn: psycopg.AsyncConnection) -> None:
    # Once per new connection.
    init_pids.add(await (await conn.cursor(row_factory=scalar_row).execute("SELECT pg_backend_pid()")).fetchone())


async def _setup(conn):
    # Before every acquire.
    global setup_calls
    setup_calls += 1


async def create(dsn: str) -> psycopg_pool.AsyncConnectionPool:
    pool = psycopg_pool.AsyncConnectionPool(dsn, min_size=2, max_size=4, max_idle=60.0, configure=_init, check=_setup, reset=asyncpg_compat.reset_connection, open=False, kwargs={"autocommit": True, "prepare_threshold": None, "cursor_factory": psycopg.AsyncRawCursor, "context": asyncpg_compat.ASYNCPG_TYPES})
    await pool.open()
    return pool


async def borrow_and_return(pool: psycopg_pool.AsyncConnectionPool) -> bool:
    conn = await pool.getconn()
    try:
        # The connection handed out went through init.
        return await (await conn.cursor(row_factory=scalar_row).execute("SELECT pg_backend_pid()")).fetchone() in init_pids
    finally:
        await pool.putconn(conn)


async def in_block(pool: psycopg_pool.AsyncConnectionPool) -> int:
    async with pool.connection() as conn:
        return await (await conn.cursor(row_factory=scalar_row).execute("SELECT count(*) FROM fx_pool_jobs")).fetchone()


async def add_job(pool: psycopg_pool.AsyncConnectionPool, name: str) -> None:
    async with pool.connection() as connection:
        await connection.execute("INSERT INTO fx_pool_jobs (name) VALUES ($1)", (name,))


def sizes(pool: psycopg_pool.AsyncConnectionPool) -> tuple:
    return pool.min_size, pool.max_size, pool.get_stats()["pool_size"] >= 2, 0 <= pool.get_stats()["pool_available"] <= pool.get_stats()["pool_size"]


async def leftovers(pool: psycopg_pool.AsyncConnectionPool, dsn: str) -> tuple:
    async with pool.connection() as conn:
        await conn.execute("SET search_path TO pg_catalog")
        await conn.execute("SELECT pg_advisory_lock(4242)")
    async with pool.connection() as conn:
        search_path = await (await conn.cursor(row_factory=scalar_row).execute("SHOW search_path")).fetchone()
    other = await psycopg.AsyncConnection.connect(dsn, autocommit=True, prepare_threshold=None, cursor_factory=psycopg.AsyncRawCursor, context=asyncpg_compat.ASYNCPG_TYPES)
    try:
        lock_free = await (await other.cursor(row_factory=scalar_row).execute("SELECT pg_try_advisory_lock(4242)")).fetchone()
        await other.execute("SELECT pg_advisory_unlock_all()")
    finally:
        await other.close()
    return search_path, lock_free
