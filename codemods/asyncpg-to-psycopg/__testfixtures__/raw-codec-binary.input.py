import asyncpg


async def init(conn: asyncpg.Connection, encode, decode):
    # A binary jsonb codec: the encoder writes the version byte itself, which psycopg's text path does not expect.
    await conn.set_type_codec("jsonb", schema="pg_catalog", encoder=encode, decoder=decode, format="binary")
