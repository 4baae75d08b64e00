"""Stock bookkeeping on one connection: every query method asyncpg has, with the values it returns."""
import asyncpg

RESET = """
DROP TABLE IF EXISTS fx_q_stock;
CREATE TABLE fx_q_stock (sku text PRIMARY KEY, qty int NOT NULL CHECK (qty >= 0), bin text);
INSERT INTO fx_q_stock VALUES ('A', 5, 'x1'), ('B', 0, NULL), ('C', 12, 'x2')
"""


async def reset(conn: asyncpg.Connection) -> str:
    # Several statements, no parameters: asyncpg returns the last one's status.
    return await conn.execute(RESET)


async def add(conn: asyncpg.Connection, sku: str, qty: int) -> str:
    return await conn.execute("INSERT INTO fx_q_stock (sku, qty) VALUES ($1, $2)", sku, qty)


async def receive(conn: asyncpg.Connection, deliveries: list[tuple[str, int]]) -> None:
    await conn.executemany("UPDATE fx_q_stock SET qty = qty + $2 WHERE sku = $1", deliveries)


async def quantity(conn: asyncpg.Connection, sku: str):
    return await conn.fetchval("SELECT qty FROM fx_q_stock WHERE sku = $1", sku)


async def bin_of(conn: asyncpg.Connection, sku: str):
    return await conn.fetchval("SELECT sku, bin FROM fx_q_stock WHERE sku = $1", sku, column=0)


async def item(conn: asyncpg.Connection, sku: str):
    row = await conn.fetchrow("SELECT sku, qty, bin FROM fx_q_stock WHERE sku = $1", sku)
    if row is None:
        return None
    return row["sku"], row["qty"], row["bin"]


async def empty_skus(conn: asyncpg.Connection) -> list[str]:
    return [r["sku"] for r in await conn.fetch("SELECT sku FROM fx_q_stock WHERE qty = 0 ORDER BY sku")]


async def levels(conn: asyncpg.Connection):
    rows = await conn.fetch("SELECT sku, qty FROM fx_q_stock ORDER BY sku")
    return {sku: qty for sku, qty in rows}


async def clear_bin(conn: asyncpg.Connection, bin_name: str) -> str:
    status = await conn.execute("UPDATE fx_q_stock SET bin = NULL WHERE bin = $1", bin_name)
    return status


async def purge_empty(conn: asyncpg.Connection) -> int:
    status = await conn.execute("DELETE FROM fx_q_stock WHERE qty = 0")
    return int(status.split()[-1])


async def slow_count(conn: asyncpg.Connection, seconds: float, limit: float) -> str:
    return await conn.execute("SELECT pg_sleep($1)", seconds, timeout=limit)


async def touch(conn: asyncpg.Connection) -> None:
    await conn.execute("SELECT 1")
