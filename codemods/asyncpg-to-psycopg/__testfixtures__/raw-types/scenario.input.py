import datetime
import uuid
from decimal import Decimal

import asyncpg

from . import invoices

REF_A = uuid.UUID("0f8e3a52-1c2d-4e5f-8a9b-0c1d2e3f4a5b")
REF_B = uuid.UUID("9a8b7c6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d")
CET = datetime.timezone(datetime.timedelta(hours=1))


async def scenario(dsn):
    # The session's time zone is not UTC, as on many self-hosted servers.
    conn = await asyncpg.connect(dsn, server_settings={"timezone": "America/New_York"})
    out = []
    try:
        await conn.execute(
            "DROP TABLE IF EXISTS fx_ty_invoices;"
            "CREATE TABLE fx_ty_invoices (id serial PRIMARY KEY, ref uuid, amount numeric(12, 2), lines int[], notes text[],"
            " issued timestamptz, local_seen timestamp, due date, paid bool, pdf bytea)"
        )
        a = await invoices.create(conn, REF_A, Decimal("1999.99"), [1, 2, 3], ["net 30", None], datetime.datetime(2024, 3, 1, 9, 30, tzinfo=CET), datetime.date(2024, 3, 31), True, b"%PDF\x00\x01")
        b = await invoices.create(conn, REF_B, Decimal("0.01"), [], [None], datetime.datetime(2024, 3, 2, 23, 59, 59, 999999, tzinfo=datetime.timezone.utc), datetime.date(2024, 4, 1), None, None)
        out.append(("ids", (a, b)))
        out.append(("row with every type", await invoices.load(conn, a)))
        out.append(("row with NULLs and empty arrays", await invoices.load(conn, b)))
        out.append(("uuid list parameter", await invoices.by_refs(conn, [REF_B, REF_A, uuid.uuid4()])))
        out.append(("aware datetime parameter", await invoices.issued_since(conn, datetime.datetime(2024, 3, 2, 0, 0, tzinfo=datetime.timezone.utc))))
        out.append(("aggregates", await invoices.totals(conn)))
        out.append(("date arithmetic", await invoices.overdue_days(conn, datetime.date(2024, 4, 15))))
        out.append(("naive datetime parameter", await invoices.stamp_naive(conn, b, datetime.datetime(2024, 3, 5, 12, 0))))
    finally:
        await conn.execute("DROP TABLE IF EXISTS fx_ty_invoices")
        await conn.close()
    return out
