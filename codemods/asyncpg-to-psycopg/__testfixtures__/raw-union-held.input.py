from typing import Union

import asyncpg


async def open_pool(dsn: str) -> asyncpg.Pool:
    return await asyncpg.create_pool(dsn)


async def move(db: Union[asyncpg.Connection, asyncpg.Pool], sku: str, qty: int) -> None:
    # a connection has no acquire(): which one db is decides whether this works
    async with db.acquire() as conn:
        await conn.execute("UPDATE stock SET qty = qty - $2 WHERE sku = $1", sku, qty)


async def first(db: asyncpg.Connection | asyncpg.Pool, sku: str):
    if sku: return await db.fetchrow("SELECT * FROM products WHERE sku = $1", sku)
    return None


async def both(db: asyncpg.Connection | asyncpg.Pool, sku: str):
    return (await db.fetchval("SELECT price FROM products WHERE sku = $1", sku), await db.fetchval("SELECT qty FROM stock WHERE sku = $1", sku))
