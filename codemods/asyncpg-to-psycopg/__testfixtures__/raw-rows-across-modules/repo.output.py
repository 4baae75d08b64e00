"""Order queries: the rows go to the report and export modules as they are."""
import psycopg
from . import asyncpg_compat

from . import export, report


async def open_orders(conn: psycopg.AsyncConnection, customer: str):
    return await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT id, customer, total, status FROM fx_rows_orders WHERE customer = $1 AND status = 'open' ORDER BY id", (customer,))).fetchall()


async def latest(conn: psycopg.AsyncConnection):
    return await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT id, customer, total, status FROM fx_rows_orders ORDER BY id DESC LIMIT 1")).fetchone()


async def statement(conn: psycopg.AsyncConnection, customer: str) -> list[str]:
    rows = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT id, total FROM fx_rows_orders WHERE customer = $1 ORDER BY id", (customer,))).fetchall()
    return report.lines(rows)


async def csv_for(conn: psycopg.AsyncConnection, customer: str) -> str:
    rows = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT id, customer, total FROM fx_rows_orders WHERE customer = $1 ORDER BY id", (customer,))).fetchall()
    return export.to_csv(rows)


async def first_summary(conn: psycopg.AsyncConnection) -> str:
    row = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT id, customer, total, status FROM fx_rows_orders ORDER BY id LIMIT 1")).fetchone()
    return report.summary(row)
