"""Catalogue lookups: SKU prefixes, discount labels and clean-ups, all with a literal % in the SQL."""
import psycopg
import psycopg_pool
from psycopg.rows import dict_row, scalar_row
from . import asyncpg_compat

AB_SKUS = "SELECT sku FROM fx_pct_items WHERE sku LIKE 'AB%' ORDER BY sku"


async def fixed_prefix(conn: psycopg.AsyncConnection) -> list[str]:
    rows = await (await conn.cursor(row_factory=dict_row).execute(AB_SKUS)).fetchall()
    return [r["sku"] for r in rows]


async def with_prefix(conn: psycopg.AsyncConnection, prefix: str) -> list[str]:
    rows = await (await conn.execute("SELECT sku FROM fx_pct_items WHERE sku LIKE $1 || '%' ORDER BY sku", (prefix,))).fetchall()
    return [r[0] for r in rows]


async def ab_above(conn: psycopg.AsyncConnection, min_qty: int) -> int:
    return await (await conn.cursor(row_factory=scalar_row).execute("SELECT count(*) FROM fx_pct_items WHERE sku LIKE 'AB%' AND qty > $1", (min_qty,))).fetchone()


async def discount_label(conn: psycopg.AsyncConnection, sku: str) -> str:
    # format() has its own %s; the label itself ends in a literal %.
    return await (await conn.cursor(row_factory=scalar_row).execute("SELECT format('%s: %s%% off', sku, discount) FROM fx_pct_items WHERE sku = $1", (sku,))).fetchone()


async def even_rows(conn: psycopg.AsyncConnection, modulus: int):
    return await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT id, qty % $1 AS rest FROM fx_pct_items WHERE id % 2 = 0 ORDER BY id", (modulus,))).fetchall()


async def mark_percent(conn: psycopg.AsyncConnection, skus: list[str]) -> None:
    await conn.cursor().executemany("UPDATE fx_pct_items SET note = note || ' (-' || discount || '%)' WHERE sku = $1", [(s,) for s in skus])


async def drop_zz(conn: psycopg.AsyncConnection) -> str:
    return (await conn.execute("DELETE FROM fx_pct_items WHERE sku LIKE 'ZZ%'")).statusmessage


async def count_suffix(pool: psycopg_pool.AsyncConnectionPool, suffix: str) -> int:
    async with pool.connection() as conn:
        return await (await conn.cursor(row_factory=scalar_row).execute("SELECT count(*) FROM fx_pct_items WHERE sku LIKE '%' || $1", (suffix,))).fetchone()
