"""Order queries: the rows go to the report and export modules as they are."""
import asyncpg

from . import export, report


async def open_orders(conn: asyncpg.Connection, customer: str):
    return await conn.fetch("SELECT id, customer, total, status FROM fx_rows_orders WHERE customer = $1 AND status = 'open' ORDER BY id", customer)


async def latest(conn: asyncpg.Connection):
    return await conn.fetchrow("SELECT id, customer, total, status FROM fx_rows_orders ORDER BY id DESC LIMIT 1")


async def statement(conn: asyncpg.Connection, customer: str) -> list[str]:
    rows = await conn.fetch("SELECT id, total FROM fx_rows_orders WHERE customer = $1 ORDER BY id", customer)
    return report.lines(rows)


async def csv_for(conn: asyncpg.Connection, customer: str) -> str:
    rows = await conn.fetch("SELECT id, customer, total FROM fx_rows_orders WHERE customer = $1 ORDER BY id", customer)
    return export.to_csv(rows)


async def first_summary(conn: asyncpg.Connection) -> str:
    row = await conn.fetchrow("SELECT id, customer, total, status FROM fx_rows_orders ORDER BY id LIMIT 1")
    return report.summary(row)
