from urllib.parse import unquote, urlsplit

import psycopg
from psycopg.rows import scalar_row
from . import asyncpg_compat

from . import db


async def scenario(dsn):
    out = []
    conn = await db.connect(dsn)
    out.append(("dsn and server settings", await db.who_am_i(conn)))
    out.append(("is_closed while open", conn.closed))
    await conn.close()
    out.append(("is_closed after close", conn.closed))

    parts = urlsplit(dsn)
    settings = db.Settings(parts.hostname, parts.port, unquote(parts.username), unquote(parts.password), parts.path.lstrip("/"))
    conn = await db.connect_with(settings)
    try:
        row = await db.who_am_i(conn)
        out.append(("keyword arguments", (row["usr"], row["db"], row["app"])))
    finally:
        await conn.close()

    # migrate-driver: TODO command_timeout=30 was dropped: psycopg has no per-query client timeout; wrap slow calls in asyncio.wait_for(..., 30) (psycopg then cancels the query on the server), or set statement_timeout on the server side
    conn = await psycopg.AsyncConnection.connect(dsn, autocommit=True, prepare_threshold=None, cursor_factory=psycopg.AsyncRawCursor, context=asyncpg_compat.ASYNCPG_TYPES)
    try:
        out.append(("dsn= keyword, command_timeout", await (await conn.cursor(row_factory=scalar_row).execute("SELECT 6 * 7")).fetchone()))
    finally:
        await conn.close()
    return out
