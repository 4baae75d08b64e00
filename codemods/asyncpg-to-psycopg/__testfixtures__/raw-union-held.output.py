from typing import Union

import asyncpg


async def open_pool(dsn: str) -> asyncpg.Pool:
    # migrate-driver: TODO asyncpg.create_pool(): port to psycopg_pool.AsyncConnectionPool(conninfo, min_size=..., max_size=..., open=False, kwargs={"prepare_threshold": None}, reset=...) then await pool.open(), from the psycopg-pool package; reset= must do what asyncpg does on release (RESET ALL, UNLISTEN *, pg_advisory_unlock_all()), which psycopg_pool does not do by itself
    return await asyncpg.create_pool(dsn)


async def move(db: Union[asyncpg.Connection, asyncpg.Pool], sku: str, qty: int) -> None:
    # a connection has no acquire(): which one db is decides whether this works
    # migrate-driver: TODO db may be an asyncpg pool or a connection here, and acquire() exists on only one of them: pass the one it needs and port the call on it
    async with db.acquire() as conn:
        # migrate-driver: TODO 1 asyncpg-style call (conn.execute) on a receiver that could not be traced to asyncpg.connect/create_pool: left as is; if it is an asyncpg connection, annotate it (conn: asyncpg.Connection) and run again, or port by hand: (await conn.execute(query, params)).fetchall() / .fetchone() / .statusmessage
        await conn.execute("UPDATE stock SET qty = qty - $2 WHERE sku = $1", sku, qty)


async def first(db: asyncpg.Connection | asyncpg.Pool, sku: str):
    # migrate-driver: TODO fetchrow() on a pool or connection left as is: the statement shares its line with another; write async with db.connection() as conn: where it is a pool, or use the connection itself (asyncpg_compat.connection_of(db) does both), and run the query on conn
    if sku: return await db.fetchrow("SELECT * FROM products WHERE sku = $1", sku)
    return None


async def both(db: asyncpg.Connection | asyncpg.Pool, sku: str):
    # migrate-driver: TODO fetchval() on a pool or connection left as is: psycopg's pool has no query shortcuts; write async with db.connection() as conn: where it is a pool, or use the connection itself (asyncpg_compat.connection_of(db) does both), and run the query on conn
    return (await db.fetchval("SELECT price FROM products WHERE sku = $1", sku), await db.fetchval("SELECT qty FROM stock WHERE sku = $1", sku))
