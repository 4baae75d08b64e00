"""An event log whose queries number their parameters in every way asyncpg allows."""
import datetime

import asyncpg

INSERT_EVENT = """
INSERT INTO fx_ph_events (kind, source, actor, target, severity, amount, currency, tags, happened_at, note)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
RETURNING id
"""


async def record(conn: asyncpg.Connection, kind: str, source: str, actor: str, target: str, severity: int, amount, currency: str, tags: list[str], at: datetime.datetime, note: str | None) -> int:
    # $10 beside $1: ten parameters, in order.
    return await conn.fetchval(INSERT_EVENT, kind, source, actor, target, severity, amount, currency, tags, at, note)


async def involving(conn: asyncpg.Connection, who: str) -> list[int]:
    # $1 used twice: the same person as actor or target.
    rows = await conn.fetch("SELECT id FROM fx_ph_events WHERE actor = $1 OR target = $1 ORDER BY id", who)
    return [r["id"] for r in rows]


async def relabel(conn: asyncpg.Connection, note: str, event_id: int) -> str:
    # Numbered out of order: $2 comes first in the text.
    return await conn.execute("UPDATE fx_ph_events SET note = $1 WHERE id = $2", note, event_id)


async def window(conn: asyncpg.Connection, start: datetime.datetime, hours: int, kind: str):
    return await conn.fetchrow(
        "SELECT count(*) AS n, min(id) AS first FROM fx_ph_events WHERE happened_at >= $2 AND happened_at < $2 + make_interval(hours => $3) AND kind = $1",
        kind,
        start,
        hours,
    )


async def install_score(conn: asyncpg.Connection) -> None:
    # $1 inside a dollar-quoted body belongs to the SQL function, not to the driver.
    await conn.execute(
        """
        CREATE OR REPLACE FUNCTION fx_ph_score(int, numeric) RETURNS numeric
        LANGUAGE sql IMMUTABLE AS $$ SELECT $1 * 10 + $2 $$
        """
    )


async def score(conn: asyncpg.Connection, event_id: int):
    return await conn.fetchval("SELECT fx_ph_score(severity, amount) FROM fx_ph_events WHERE id = $1", event_id)


async def tagged_any(conn: asyncpg.Connection, tags: list[str], min_severity: int) -> list[int]:
    rows = await conn.fetch("SELECT id FROM fx_ph_events WHERE tags && $1::text[] AND severity >= $2 ORDER BY id", tags, min_severity)
    return [r[0] for r in rows]
