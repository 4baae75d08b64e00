import psycopg
import psycopg_pool
import asyncpg_compat


async def main(dsn):
    pool = psycopg_pool.AsyncConnectionPool(dsn, min_size=10, max_size=10, reset=asyncpg_compat.reset_connection, open=False, kwargs={"autocommit": True, "prepare_threshold": None, "cursor_factory": psycopg.AsyncRawCursor, "context": asyncpg_compat.ASYNCPG_TYPES})
    await pool.open()
    try:
        async with pool.connection() as conn:
            await conn.execute("select 1")
    except psycopg.errors.UniqueViolation:
        pass
    except psycopg.DatabaseError as server_error:
        if server_error.sqlstate is None:
            raise
        raise
