import json

import asyncpg


async def init(conn: asyncpg.Connection):
    # The text jsonb codec is the one asyncpg_compat.set_type_codec covers.
    await conn.set_type_codec("jsonb", schema="pg_catalog", encoder=json.dumps, decoder=json.loads, format="text")
