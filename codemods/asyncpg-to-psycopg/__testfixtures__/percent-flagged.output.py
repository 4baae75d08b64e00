import asyncpg


async def connect(dsn, ssl_context):
    # migrate-driver: TODO asyncpg.connect() left as is: ssl=ssl_context: give psycopg sslmode= (and sslrootcert=/sslcert=/sslkey= files) instead of an SSL context. In psycopg: await psycopg.AsyncConnection.connect(conninfo, autocommit=True, prepare_threshold=None)
    conn = await asyncpg.connect(dsn, ssl=ssl_context)
    return await conn.fetchval("SELECT $1::text || '%'", "a")
