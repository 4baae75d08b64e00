import psycopg
from psycopg.rows import dict_row, scalar_row
import asyncpg_compat

PRODUCT_BY_SKU = "SELECT id, name FROM products WHERE sku = $1"


async def connect(dsn):
    return await psycopg.AsyncConnection.connect(dsn, autocommit=True, prepare_threshold=None, context=asyncpg_compat.ASYNCPG_TYPES)


async def queries(conn: psycopg.AsyncConnection, sku, term, low, high, *extra):
    # $1..$N once each, in order: %s, and a literal % doubled (parameters are passed).
    widgets = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT sku FROM products WHERE sku LIKE 'WID-%%' AND price >= %s", (low,))).fetchall()
    # $1 used twice: one named parameter, so the server still sees one $1.
    found = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT sku FROM products WHERE sku = %(p1)s OR lower(name) = lower(%(p1)s)", {"p1": term})).fetchall()
    # Out of order, with casts.
    band = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT %(p2)s::int AS high, %(p1)s::int AS low", {"p1": low, "p2": high})).fetchone()
    # No parameters: psycopg sends the text as it is, so % stays single.
    labels = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT format('%s: %s', sku, 10) || '%' FROM products")).fetchall()
    # SQL in a variable or an f-string: kept as asyncpg wrote it, on a raw cursor for this call.
    by_sku = await (await psycopg.AsyncRawCursor(conn, row_factory=asyncpg_compat.record_row).execute(PRODUCT_BY_SKU, (sku,))).fetchone()
    table = "products"
    count = await (await psycopg.AsyncRawCursor(conn, row_factory=scalar_row).execute(f"SELECT count(*) FROM {table} WHERE price > $1", (low,))).fetchone()
    # A $n set that does not match the arguments fails on asyncpg: the raw cursor keeps that.
    gap = await (await psycopg.AsyncRawCursor(conn, row_factory=scalar_row).execute("SELECT $1::int + $3::int", (low, high, 0))).fetchone()
    # *args: with $n, always a tuple; without $n, None when empty (the text is then sent as is).
    picked = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT %s::text || '%%', %s::text", tuple(extra))).fetchall()
    plain = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT 1 WHERE 'a%' LIKE 'a%'", extra or None)).fetchall()
    status = (await conn.execute("UPDATE products SET name = name || ' (-10%%)' WHERE sku = %s", (sku,))).statusmessage
    await conn.execute("UPDATE products SET price = price * 0.9 WHERE sku = %(p2)s AND price > %(p1)s", {"p1": low, "p2": sku})
    return widgets, found, band, labels, by_sku, count, gap, picked, plain, status


async def bulk(conn: psycopg.AsyncConnection, rows):
    await conn.cursor().executemany("INSERT INTO t (a, b) VALUES (%s, %s || '%%')", rows)
    await psycopg.AsyncRawCursor(conn).executemany("INSERT INTO t (a, b) VALUES ($1, $1)", rows)
    stmt = asyncpg_compat.PreparedStatement(conn, "SELECT b FROM t WHERE a = %s AND b LIKE '%%x'")
    twice = asyncpg_compat.PreparedStatement(conn, "SELECT b FROM t WHERE a = $1 OR b = $1::text", cursor_factory=psycopg.AsyncRawCursor)
    async with conn.transaction():
        async for row in await conn.cursor(row_factory=dict_row).execute("SELECT a %% 3, b FROM t WHERE a > %s", (0,)):
            print(row["b"])
    return await stmt.fetchval(1), await twice.fetch(2)
