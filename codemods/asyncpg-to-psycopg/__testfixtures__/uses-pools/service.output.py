import psycopg
import psycopg_pool
import asyncpg_compat


async def make_pool(dsn: str):
    pool = psycopg_pool.AsyncConnectionPool(dsn, min_size=1, max_size=10, reset=asyncpg_compat.reset_connection, open=False, kwargs={"autocommit": True, "prepare_threshold": None, "cursor_factory": psycopg.AsyncRawCursor, "context": asyncpg_compat.ASYNCPG_TYPES})
    await pool.open()
    return pool
