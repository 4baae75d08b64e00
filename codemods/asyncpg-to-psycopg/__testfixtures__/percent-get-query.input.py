import asyncpg


async def lookup(conn: asyncpg.Connection, key):
    stmt = await conn.prepare("SELECT value FROM settings WHERE key = $1")
    # The statement's text is read back: it must stay the one asyncpg returned, so its SQL is kept.
    print(stmt.get_query())
    return await stmt.fetchval(key)
