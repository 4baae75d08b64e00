import asyncpg


async def connect(dsn, encode, decode):
    # migrate-driver: TODO asyncpg.connect(): port to await psycopg.AsyncConnection.connect(conninfo, autocommit=True, prepare_threshold=None); $1 placeholders work with cursor_factory=psycopg.AsyncRawCursor, fetch*/execute become cursor calls
    conn = await asyncpg.connect(dsn)
    # A binary codec for an extension type: psycopg needs its own loader and dumper.
    # migrate-driver: TODO asyncpg set_type_codec() left as is: only the json and jsonb codecs are ported, and this one is for 'vector'; in psycopg register a loader and a dumper for the type (psycopg.adapt.Loader/Dumper, conn.adapters.register_loader/register_dumper) or use the type's own psycopg adapter
    await conn.set_type_codec("vector", encoder=encode, decoder=decode, format="binary")
    return conn


async def first(conn: asyncpg.Connection, key):
    return await conn.fetchval("SELECT v FROM items WHERE k = $1", key)
