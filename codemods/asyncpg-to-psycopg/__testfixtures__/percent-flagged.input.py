import asyncpg


async def connect(dsn, ssl_context):
    conn = await asyncpg.connect(dsn, ssl=ssl_context)
    return await conn.fetchval("SELECT $1::text || '%'", "a")
