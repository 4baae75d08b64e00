"""Stock bookkeeping on one connection: every query method asyncpg has, with the values it returns."""
import asyncio
import psycopg
from psycopg.rows import dict_row, scalar_row
from . import asyncpg_compat

RESET = """
DROP TABLE IF EXISTS fx_q_stock;
CREATE TABLE fx_q_stock (sku text PRIMARY KEY, qty int NOT NULL CHECK (qty >= 0), bin text);
INSERT INTO fx_q_stock VALUES ('A', 5, 'x1'), ('B', 0, NULL), ('C', 12, 'x2')
"""


async def reset(conn: psycopg.AsyncConnection) -> str:
    # Several statements, no parameters: asyncpg returns the last one's status.
    return await asyncpg_compat.script_status(conn, RESET)


async def add(conn: psycopg.AsyncConnection, sku: str, qty: int) -> str:
    return (await conn.execute("INSERT INTO fx_q_stock (sku, qty) VALUES ($1, $2)", (sku, qty))).statusmessage


async def receive(conn: psycopg.AsyncConnection, deliveries: list[tuple[str, int]]) -> None:
    await conn.cursor().executemany("UPDATE fx_q_stock SET qty = qty + $2 WHERE sku = $1", deliveries)


async def quantity(conn: psycopg.AsyncConnection, sku: str):
    return await (await conn.cursor(row_factory=scalar_row).execute("SELECT qty FROM fx_q_stock WHERE sku = $1", (sku,))).fetchone()


async def bin_of(conn: psycopg.AsyncConnection, sku: str):
    return await (await conn.cursor(row_factory=scalar_row).execute("SELECT sku, bin FROM fx_q_stock WHERE sku = $1", (sku,))).fetchone()


async def item(conn: psycopg.AsyncConnection, sku: str):
    row = await (await conn.cursor(row_factory=dict_row).execute("SELECT sku, qty, bin FROM fx_q_stock WHERE sku = $1", (sku,))).fetchone()
    if row is None:
        return None
    return row["sku"], row["qty"], row["bin"]


async def empty_skus(conn: psycopg.AsyncConnection) -> list[str]:
    return [r["sku"] for r in await (await conn.cursor(row_factory=dict_row).execute("SELECT sku FROM fx_q_stock WHERE qty = 0 ORDER BY sku")).fetchall()]


async def levels(conn: psycopg.AsyncConnection):
    rows = await (await conn.execute("SELECT sku, qty FROM fx_q_stock ORDER BY sku")).fetchall()
    return {sku: qty for sku, qty in rows}


async def clear_bin(conn: psycopg.AsyncConnection, bin_name: str) -> str:
    status = (await conn.execute("UPDATE fx_q_stock SET bin = NULL WHERE bin = $1", (bin_name,))).statusmessage
    return status


async def purge_empty(conn: psycopg.AsyncConnection) -> int:
    status = (await conn.execute("DELETE FROM fx_q_stock WHERE qty = 0")).statusmessage
    return int(status.split()[-1])


async def slow_count(conn: psycopg.AsyncConnection, seconds: float, limit: float) -> str:
    return (await asyncio.wait_for(conn.execute("SELECT pg_sleep($1)", (seconds,)), limit)).statusmessage


async def touch(conn: psycopg.AsyncConnection) -> None:
    await conn.execute("SELECT 1")
