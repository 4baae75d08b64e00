import asyncpg


async def init(conn: asyncpg.Connection, encode, decode):
    # A binary jsonb codec: the encoder writes the version byte itself, which psycopg's text path does not expect.
    # migrate-driver: TODO asyncpg set_type_codec() left as is: only text codecs are ported, and this one has format="binary"; in psycopg register a loader and a dumper for the type (psycopg.adapt.Loader/Dumper, conn.adapters.register_loader/register_dumper) or use the type's own psycopg adapter
    await conn.set_type_codec("jsonb", schema="pg_catalog", encoder=encode, decoder=decode, format="binary")
