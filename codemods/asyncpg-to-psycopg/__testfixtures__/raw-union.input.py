from typing import Optional, Union

import asyncpg


async def open_pool(dsn: str) -> asyncpg.Pool:
    return await asyncpg.create_pool(dsn, min_size=2, max_size=4)


async def price_of(sku: str, db: asyncpg.Connection | asyncpg.Pool):
    return await db.fetchval("SELECT price FROM products WHERE sku = $1", sku)


async def names(skus: list[str], *, pool: asyncpg.Pool, connection: Optional[Union[asyncpg.Connection, asyncpg.Pool]] = None) -> list[str]:
    con = connection or pool
    return [r["name"] for r in await con.fetch("SELECT name FROM products WHERE sku = ANY($1::text[]) ORDER BY sku", skus)]


async def rename(pool: asyncpg.Pool, sku: str, name: str, conn: Optional[asyncpg.Connection] = None) -> str:
    target = conn if conn is not None else pool
    status: str = await target.execute(
        "UPDATE products SET name = $2 WHERE sku = $1",
        sku,
        name,
    )
    return status


async def restock(pool: asyncpg.Pool, rows: list[tuple[str, int]]) -> None:
    async with pool.acquire() as conn:
        async with conn.transaction():
            for sku, qty in rows:
                await bump(sku, qty, conn)
    # outside any transaction: the pool lends a connection
    await bump("TOTAL", sum(q for _, q in rows), pool)


async def bump(sku: str, qty: int, db: Union[asyncpg.Pool, asyncpg.Connection]) -> None:
    await db.execute("UPDATE stock SET qty = qty + $2 WHERE sku = $1", sku, qty)


async def stock_row(sku: str, db: asyncpg.Connection | asyncpg.Pool) -> Optional[asyncpg.Record]:
    row: Optional[asyncpg.Record] = await db.fetchrow("SELECT sku, qty FROM stock WHERE sku = $1", sku)
    return row


async def vacuum_stock(pool: asyncpg.Pool) -> str:
    # asyncpg's NO_TIMEOUT: no timeout at all, not even the pool's command_timeout
    return await pool.execute("VACUUM ANALYZE stock", timeout=asyncpg.protocol.NO_TIMEOUT)
