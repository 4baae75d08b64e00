import asyncpg


async def run(dsn, params: dict, *args):
    conn = await asyncpg.connect(dsn)
    # The values of a dict are an iterable, not a sequence: psycopg needs a tuple or a list.
    rows = await conn.fetch("SELECT $1::int, $2::text", *params.values())
    # The function's own *args is already a tuple.
    more = await conn.fetch("SELECT $1::int", *args)
    await conn.close()
    return rows, more
