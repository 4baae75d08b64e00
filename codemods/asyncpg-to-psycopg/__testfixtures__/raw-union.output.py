from typing import Optional, Union

import psycopg
import psycopg_pool
from psycopg.rows import dict_row, scalar_row
import asyncpg_compat


async def open_pool(dsn: str) -> psycopg_pool.AsyncConnectionPool:
    pool = psycopg_pool.AsyncConnectionPool(dsn, min_size=2, max_size=4, reset=asyncpg_compat.reset_connection, open=False, kwargs={"autocommit": True, "prepare_threshold": None, "cursor_factory": psycopg.AsyncRawCursor, "context": asyncpg_compat.ASYNCPG_TYPES})
    await pool.open()
    return pool


async def price_of(sku: str, db: psycopg.AsyncConnection | psycopg_pool.AsyncConnectionPool):
    async with asyncpg_compat.connection_of(db) as conn:
        return await (await conn.cursor(row_factory=scalar_row).execute("SELECT price FROM products WHERE sku = $1", (sku,))).fetchone()


async def names(skus: list[str], *, pool: psycopg_pool.AsyncConnectionPool, connection: Optional[Union[psycopg.AsyncConnection, psycopg_pool.AsyncConnectionPool]] = None) -> list[str]:
    con = connection or pool
    async with asyncpg_compat.connection_of(con) as conn:
        return [r["name"] for r in await (await conn.cursor(row_factory=dict_row).execute("SELECT name FROM products WHERE sku = ANY($1::text[]) ORDER BY sku", (skus,))).fetchall()]


async def rename(pool: psycopg_pool.AsyncConnectionPool, sku: str, name: str, conn: Optional[psycopg.AsyncConnection] = None) -> str:
    target = conn if conn is not None else pool
    async with asyncpg_compat.connection_of(target) as conn2:
        status: str = (await conn2.execute(
            "UPDATE products SET name = $2 WHERE sku = $1",
            (
                sku,
                name,
            ),
        )).statusmessage
    return status


async def restock(pool: psycopg_pool.AsyncConnectionPool, rows: list[tuple[str, int]]) -> None:
    async with pool.connection() as conn:
        async with conn.transaction():
            for sku, qty in rows:
                await bump(sku, qty, conn)
    # outside any transaction: the pool lends a connection
    await bump("TOTAL", sum(q for _, q in rows), pool)


async def bump(sku: str, qty: int, db: Union[psycopg_pool.AsyncConnectionPool, psycopg.AsyncConnection]) -> None:
    async with asyncpg_compat.connection_of(db) as conn:
        await conn.execute("UPDATE stock SET qty = qty + $2 WHERE sku = $1", (sku, qty))


async def stock_row(sku: str, db: psycopg.AsyncConnection | psycopg_pool.AsyncConnectionPool) -> Optional[asyncpg_compat.Record]:
    async with asyncpg_compat.connection_of(db) as conn:
        row: Optional[asyncpg_compat.Record] = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT sku, qty FROM stock WHERE sku = $1", (sku,))).fetchone()
    return row


async def vacuum_stock(pool: psycopg_pool.AsyncConnectionPool) -> str:
    # asyncpg's NO_TIMEOUT: no timeout at all, not even the pool's command_timeout
    async with pool.connection() as conn:
        return (await conn.execute("VACUUM ANALYZE stock")).statusmessage
