"""Catalogue lookups: SKU prefixes, discount labels and clean-ups, all with a literal % in the SQL."""
import asyncpg

AB_SKUS = "SELECT sku FROM fx_pct_items WHERE sku LIKE 'AB%' ORDER BY sku"


async def fixed_prefix(conn: asyncpg.Connection) -> list[str]:
    rows = await conn.fetch(AB_SKUS)
    return [r["sku"] for r in rows]


async def with_prefix(conn: asyncpg.Connection, prefix: str) -> list[str]:
    rows = await conn.fetch("SELECT sku FROM fx_pct_items WHERE sku LIKE $1 || '%' ORDER BY sku", prefix)
    return [r[0] for r in rows]


async def ab_above(conn: asyncpg.Connection, min_qty: int) -> int:
    return await conn.fetchval("SELECT count(*) FROM fx_pct_items WHERE sku LIKE 'AB%' AND qty > $1", min_qty)


async def discount_label(conn: asyncpg.Connection, sku: str) -> str:
    # format() has its own %s; the label itself ends in a literal %.
    return await conn.fetchval("SELECT format('%s: %s%% off', sku, discount) FROM fx_pct_items WHERE sku = $1", sku)


async def even_rows(conn: asyncpg.Connection, modulus: int):
    return await conn.fetch("SELECT id, qty % $1 AS rest FROM fx_pct_items WHERE id % 2 = 0 ORDER BY id", modulus)


async def mark_percent(conn: asyncpg.Connection, skus: list[str]) -> None:
    await conn.executemany("UPDATE fx_pct_items SET note = note || ' (-' || discount || '%)' WHERE sku = $1", [(s,) for s in skus])


async def drop_zz(conn: asyncpg.Connection) -> str:
    return await conn.execute("DELETE FROM fx_pct_items WHERE sku LIKE 'ZZ%'")


async def count_suffix(pool: asyncpg.Pool, suffix: str) -> int:
    return await pool.fetchval("SELECT count(*) FROM fx_pct_items WHERE sku LIKE '%' || $1", suffix)
