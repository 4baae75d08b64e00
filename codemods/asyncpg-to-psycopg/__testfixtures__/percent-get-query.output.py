import psycopg
import asyncpg_compat


async def lookup(conn: psycopg.AsyncConnection, key):
    stmt = asyncpg_compat.PreparedStatement(conn, "SELECT value FROM settings WHERE key = $1", cursor_factory=psycopg.AsyncRawCursor)
    # The statement's text is read back: it must stay the one asyncpg returned, so its SQL is kept.
    print(stmt.get_query())
    return await stmt.fetchval(key)
