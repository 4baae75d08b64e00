from urllib.parse import unquote, urlsplit

import asyncpg

from . import db


async def scenario(dsn):
    out = []
    conn = await db.connect(dsn)
    out.append(("dsn and server settings", await db.who_am_i(conn)))
    out.append(("is_closed while open", conn.is_closed()))
    await conn.close()
    out.append(("is_closed after close", conn.is_closed()))

    parts = urlsplit(dsn)
    settings = db.Settings(parts.hostname, parts.port, unquote(parts.username), unquote(parts.password), parts.path.lstrip("/"))
    conn = await db.connect_with(settings)
    try:
        row = await db.who_am_i(conn)
        out.append(("keyword arguments", (row["usr"], row["db"], row["app"])))
    finally:
        await conn.close()

    conn = await asyncpg.connect(dsn=dsn, command_timeout=30)
    try:
        out.append(("dsn= keyword, command_timeout", await conn.fetchval("SELECT 6 * 7")))
    finally:
        await conn.close()
    return out
