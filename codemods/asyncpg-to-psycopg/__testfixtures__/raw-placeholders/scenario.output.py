import datetime
from decimal import Decimal

import psycopg
from psycopg.rows import scalar_row
from . import asyncpg_compat

from . import events

T0 = datetime.datetime(2024, 4, 1, 8, 0, tzinfo=datetime.timezone.utc)


async def scenario(dsn):
    conn = await psycopg.AsyncConnection.connect(dsn, autocommit=True, prepare_threshold=None, cursor_factory=psycopg.AsyncRawCursor, context=asyncpg_compat.ASYNCPG_TYPES)
    out = []
    try:
        await conn.execute(
            """
            DROP TABLE IF EXISTS fx_ph_events;
            CREATE TABLE fx_ph_events (
                id serial PRIMARY KEY, kind text, source text, actor text, target text, severity int,
                amount numeric(10, 2), currency text, tags text[], happened_at timestamptz, note text
            )
            """
        )
        a = await events.record(conn, "transfer", "api", "ann", "bob", 2, Decimal("12.50"), "EUR", ["money", "eu"], T0, None)
        b = await events.record(conn, "transfer", "batch", "bob", "cy", 1, Decimal("3.00"), "USD", ["money"], T0 + datetime.timedelta(hours=1), "ten")
        c = await events.record(conn, "login", "web", "cy", "ann", 5, Decimal("0"), "EUR", [], T0 + datetime.timedelta(hours=3), "late")
        out.append(("$10 beside $1: ids and the tenth value", (a, b, c, await (await conn.cursor(row_factory=scalar_row).execute("SELECT note FROM fx_ph_events WHERE id = $1", (b,))).fetchone())))
        out.append(("$1 used twice", await events.involving(conn, "ann")))
        out.append(("numbered out of order: status", await events.relabel(conn, "checked", a)))
        out.append(("$2 twice, $1 last", await events.window(conn, T0, 2, "transfer")))
        await events.install_score(conn)
        out.append(("$1 inside $$ body", await events.score(conn, c)))
        out.append(("array parameter with a cast", await events.tagged_any(conn, ["eu", "none"], 1)))
    finally:
        await conn.execute("DROP TABLE IF EXISTS fx_ph_events; DROP FUNCTION IF EXISTS fx_ph_score(int, numeric)")
        await conn.close()
    return out
