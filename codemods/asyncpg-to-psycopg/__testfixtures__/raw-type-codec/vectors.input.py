import asyncpg


async def connect(dsn, encode, decode):
    conn = await asyncpg.connect(dsn)
    # A binary codec for an extension type: psycopg needs its own loader and dumper.
    await conn.set_type_codec("vector", encoder=encode, decoder=decode, format="binary")
    return conn


async def first(conn: asyncpg.Connection, key):
    return await conn.fetchval("SELECT v FROM items WHERE k = $1", key)
