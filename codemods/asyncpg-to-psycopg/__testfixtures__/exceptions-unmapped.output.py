import asyncpg
import psycopg


async def main(dsn):
    # migrate-driver: TODO asyncpg.create_pool(): port to psycopg_pool.AsyncConnectionPool(conninfo, min_size=..., max_size=..., open=False, kwargs={"prepare_threshold": None}) then await pool.open(), from the psycopg-pool package
    pool = await asyncpg.create_pool(dsn, statement_cache_size=0)
    # migrate-driver: TODO asyncpg.PostgresError has no psycopg class that catches the same errors (the base of every server error; psycopg.Error also catches client errors (use it with e.sqlstate is not None)); choose one by hand
    try:
        # migrate-driver: TODO 1 raw asyncpg query in this file (fetch/fetchrow/fetchval/execute on asyncpg connections, $n placeholders) needs porting: in psycopg run (await conn.execute(query, params)).fetchall() / .fetchone(), keep the $n SQL with cursor_factory=psycopg.AsyncRawCursor, read execute's status string from cursor.statusmessage, and use a row factory where rows are read by key
        await pool.execute("select 1")
    except psycopg.errors.UniqueViolation:
        pass
    except asyncpg.PostgresError:
        raise
