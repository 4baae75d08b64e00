import psycopg
import asyncpg_compat


async def run(dsn, params: dict, *args):
    conn = await psycopg.AsyncConnection.connect(dsn, autocommit=True, prepare_threshold=None, cursor_factory=psycopg.AsyncRawCursor, context=asyncpg_compat.ASYNCPG_TYPES)
    # The values of a dict are an iterable, not a sequence: psycopg needs a tuple or a list.
    rows = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT $1::int, $2::text", tuple(params.values()) or None)).fetchall()
    # The function's own *args is already a tuple.
    more = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT $1::int", args or None)).fetchall()
    await conn.close()
    return rows, more
