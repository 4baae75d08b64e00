import asyncpg

PRODUCT_BY_SKU = "SELECT id, name FROM products WHERE sku = $1"


async def connect(dsn):
    return await asyncpg.connect(dsn)


async def queries(conn: asyncpg.Connection, sku, term, low, high, *extra):
    # $1..$N once each, in order: %s, and a literal % doubled (parameters are passed).
    widgets = await conn.fetch("SELECT sku FROM products WHERE sku LIKE 'WID-%' AND price >= $1", low)
    # $1 used twice: one named parameter, so the server still sees one $1.
    found = await conn.fetch("SELECT sku FROM products WHERE sku = $1 OR lower(name) = lower($1)", term)
    # Out of order, with casts.
    band = await conn.fetchrow("SELECT $2::int AS high, $1::int AS low", low, high)
    # No parameters: psycopg sends the text as it is, so % stays single.
    labels = await conn.fetch("SELECT format('%s: %s', sku, 10) || '%' FROM products")
    # SQL in a variable or an f-string: kept as asyncpg wrote it, on a raw cursor for this call.
    by_sku = await conn.fetchrow(PRODUCT_BY_SKU, sku)
    table = "products"
    count = await conn.fetchval(f"SELECT count(*) FROM {table} WHERE price > $1", low)
    # A $n set that does not match the arguments fails on asyncpg: the raw cursor keeps that.
    gap = await conn.fetchval("SELECT $1::int + $3::int", low, high, 0)
    # *args: with $n, always a tuple; without $n, None when empty (the text is then sent as is).
    picked = await conn.fetch("SELECT $1::text || '%', $2::text", *extra)
    plain = await conn.fetch("SELECT 1 WHERE 'a%' LIKE 'a%'", *extra)
    status = await conn.execute("UPDATE products SET name = name || ' (-10%)' WHERE sku = $1", sku)
    await conn.execute("UPDATE products SET price = price * 0.9 WHERE sku = $2 AND price > $1", low, sku)
    return widgets, found, band, labels, by_sku, count, gap, picked, plain, status


async def bulk(conn: asyncpg.Connection, rows):
    await conn.executemany("INSERT INTO t (a, b) VALUES ($1, $2 || '%')", rows)
    await conn.executemany("INSERT INTO t (a, b) VALUES ($1, $1)", rows)
    stmt = await conn.prepare("SELECT b FROM t WHERE a = $1 AND b LIKE '%x'")
    twice = await conn.prepare("SELECT b FROM t WHERE a = $1 OR b = $1::text")
    async with conn.transaction():
        async for row in conn.cursor("SELECT a % 3, b FROM t WHERE a > $1", 0):
            print(row["b"])
    return await stmt.fetchval(1), await twice.fetch(2)
