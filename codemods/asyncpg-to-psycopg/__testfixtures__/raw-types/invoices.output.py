"""Invoices: numeric amounts, uuids, time stamps, arrays and NULLs, as asyncpg hands them over."""
import datetime
import uuid
from decimal import Decimal

import psycopg
from psycopg.rows import dict_row, scalar_row
from . import asyncpg_compat


async def create(conn: psycopg.AsyncConnection, ref: uuid.UUID, amount: Decimal, lines: list[int], notes: list[str | None], issued: datetime.datetime, due: datetime.date, paid: bool | None, pdf: bytes | None) -> int:
    return await (await conn.cursor(row_factory=scalar_row).execute(
        "INSERT INTO fx_ty_invoices (ref, amount, lines, notes, issued, due, paid, pdf) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        (ref, amount, lines, notes, issued, due, paid, pdf),
    )).fetchone()


async def load(conn: psycopg.AsyncConnection, invoice_id: int):
    return await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT * FROM fx_ty_invoices WHERE id = $1", (invoice_id,))).fetchone()


async def by_refs(conn: psycopg.AsyncConnection, refs: list[uuid.UUID]) -> list:
    return [r["id"] for r in await (await conn.cursor(row_factory=dict_row).execute("SELECT id FROM fx_ty_invoices WHERE ref = ANY($1) ORDER BY id", (refs,))).fetchall()]


async def issued_since(conn: psycopg.AsyncConnection, since: datetime.datetime) -> list:
    return [r[0] for r in await (await conn.execute("SELECT id FROM fx_ty_invoices WHERE issued >= $1 ORDER BY id", (since,))).fetchall()]


async def totals(conn: psycopg.AsyncConnection):
    return await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute(
        "SELECT sum(amount) AS total, avg(amount) AS mean, max(issued) - min(issued) AS span,"
        " count(*) FILTER (WHERE paid IS NULL) AS unknown, array_agg(id ORDER BY id) AS ids,"
        " 2^40::bigint AS big, 1.5::float8 AS ratio, 'NaN'::numeric AS nan FROM fx_ty_invoices"
    )).fetchone()


async def overdue_days(conn: psycopg.AsyncConnection, today: datetime.date) -> dict:
    rows = await (await conn.cursor(row_factory=dict_row).execute("SELECT id, $1::date - due AS days FROM fx_ty_invoices WHERE due < $1 ORDER BY id", (today,))).fetchall()
    return {r["id"]: r["days"] for r in rows}


async def stamp_naive(conn: psycopg.AsyncConnection, invoice_id: int, when: datetime.datetime) -> tuple:
    # A naive datetime: asyncpg reads it as UTC for a timestamptz column, and as it is for a timestamp one.
    await conn.execute("UPDATE fx_ty_invoices SET issued = $2, local_seen = $3 WHERE id = $1", (invoice_id, when, when))
    row = await (await conn.execute("SELECT issued, local_seen FROM fx_ty_invoices WHERE id = $1", (invoice_id,))).fetchone()
    return row[0], row[1]
