import aiosql
import asyncpg

# aiosql runs these queries on asyncpg connections because it is told so by name.
# migrate-driver: TODO the string "asyncpg" names the old driver here; check what reads it
queries = aiosql.from_path("queries.sql", "asyncpg")


async def connect(dsn):
    # migrate-driver: TODO asyncpg.connect(): port to await psycopg.AsyncConnection.connect(conninfo, autocommit=True, prepare_threshold=None); $1 placeholders work with cursor_factory=psycopg.AsyncRawCursor, fetch*/execute become cursor calls
    return await asyncpg.connect(dsn)
