import datetime
import os
import tempfile
from decimal import Decimal

import psycopg
from . import asyncpg_compat

from . import transfer


async def scenario(dsn):
    conn = await psycopg.AsyncConnection.connect(dsn, autocommit=True, prepare_threshold=None, cursor_factory=psycopg.AsyncRawCursor, context=asyncpg_compat.ASYNCPG_TYPES)
    out = []
    try:
        await conn.execute("DROP TABLE IF EXISTS fx_copy_shipments; CREATE TABLE fx_copy_shipments (ref text PRIMARY KEY, weight numeric(8, 2), shipped_on date, tags text[])")
        out.append(("copy_records_to_table", await transfer.load(conn, [
            ("S-1", Decimal("12.50"), datetime.date(2024, 5, 1), ["fragile"]),
            ("S-2", Decimal("3.20"), datetime.date(2024, 5, 2), None),
            ("S-3", None, None, []),
        ])))
        out.append(("copy_to_table csv with header", await transfer.load_csv(conn, b"ref,weight,shipped_on\nS-4,40.00,2024-05-03\nS-5,,2024-05-04\n")))
        out.append(("rows after both loads", await transfer.shipped_between(conn, datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))))
        out.append(("copy_from_query with a parameter", await transfer.export_heavy(conn, Decimal("10"))))
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "all.csv")
            status = await transfer.export_all(conn, path)
            with open(path, "rb") as f:
                out.append(("copy_from_table to a file path", (status, f.read())))
        out.append(("copy_from_query to a coroutine", b"".join(await transfer.collect(conn))))
    finally:
        await conn.execute("DROP TABLE IF EXISTS fx_copy_shipments")
        await conn.close()
    return out
