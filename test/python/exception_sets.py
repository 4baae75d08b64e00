"""Raises every known SQLSTATE on a real server through asyncpg and through psycopg, and checks, for
each asyncpg exception class in the table read from stdin, that the psycopg expression the codemod
writes in its place catches exactly the same errors. Prints one JSON line."""
import asyncio
import json
import re
import sys

import asyncpg
import asyncpg.exceptions as ae
import psycopg
import psycopg.errors as pe

CODE = re.compile(r"^[0-9A-Z]{5}$")


def known_codes():
    codes = {c for c in ae._base.PostgresMessageMeta._message_map if CODE.match(c)}
    codes |= {c for c in pe._sqlcodes if CODE.match(c) and re.search(r"\d", c)}
    # Success, warning and no-data classes are never raised as errors.
    return sorted(c for c in codes if c[:2] not in ("00", "01", "02"))


def raise_sql(code):
    return f"DO $$ BEGIN RAISE EXCEPTION 'probe {code}' USING ERRCODE = '{code}'; END $$"


async def caught_by_asyncpg(dsn, codes):
    out = {}
    conn = await asyncpg.connect(dsn)
    for code in codes:
        try:
            await conn.execute(raise_sql(code))
            out[code] = None
        except Exception as e:  # noqa: BLE001 - every error is the point
            out[code] = e
        if conn.is_closed():
            conn = await asyncpg.connect(dsn)
    await conn.close()
    return out


async def caught_by_psycopg(dsn, codes):
    out = {}
    conn = await psycopg.AsyncConnection.connect(dsn, autocommit=True, prepare_threshold=None)
    for code in codes:
        try:
            await conn.execute(raise_sql(code))
            out[code] = None
        except Exception as e:  # noqa: BLE001
            out[code] = e
        if conn.closed:
            conn = await psycopg.AsyncConnection.connect(dsn, autocommit=True, prepare_threshold=None)
    await conn.close()
    return out


def psycopg_expr(target):
    if isinstance(target, str):
        return getattr(pe, target)
    return tuple(getattr(pe, n) for n in target)


async def main():
    dsn = sys.argv[1]
    table = json.load(sys.stdin)
    codes = known_codes()
    a = await caught_by_asyncpg(dsn, codes)
    p = await caught_by_psycopg(dsn, codes)
    unraised = [c for c in codes if a[c] is None or p[c] is None]
    mismatches = []
    checked = 0
    for name, target in table.items():
        cls = getattr(ae, name)
        expr = psycopg_expr(target)
        checked += 1
        for code in codes:
            old = isinstance(a[code], cls)
            new = isinstance(p[code], expr)
            if old != new:
                mismatches.append({"asyncpg": name, "sqlstate": code, "asyncpg_caught": old, "psycopg_caught": new})
    print(json.dumps({"codes": len(codes), "unraised": unraised, "classes": checked, "mismatches": mismatches,
                      "asyncpg": asyncpg.__version__, "psycopg": psycopg.__version__}))


asyncio.run(main())
