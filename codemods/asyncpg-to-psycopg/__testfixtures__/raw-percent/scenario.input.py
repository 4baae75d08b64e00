import io

import asyncpg

from . import catalog

SCHEMA = """
DROP TABLE IF EXISTS fx_pct_items;
CREATE TABLE fx_pct_items (id int PRIMARY KEY, sku text NOT NULL, qty int NOT NULL, discount int NOT NULL, note text NOT NULL DEFAULT '');
INSERT INTO fx_pct_items VALUES
  (1, 'AB-1', 5, 10, 'x'), (2, 'AB-2', 12, 25, 'y'), (3, 'ABC', 7, 0, 'z'),
  (4, 'CD-1', 9, 50, 'w'), (5, 'ZZ-1', 1, 5, 'v'), (6, 'ZZ-2', 2, 5, 'u')
"""


async def scenario(dsn):
    out = []
    conn = await asyncpg.connect(dsn)
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2)
    try:
        await conn.execute(SCHEMA)
        out.append(("LIKE 'AB%' without parameters", await catalog.fixed_prefix(conn)))
        out.append(("LIKE $1 || '%'", await catalog.with_prefix(conn, "AB-")))
        out.append(("LIKE 'AB%' with a parameter", await catalog.ab_above(conn, 6)))
        out.append(("format %s and %% with a parameter", await catalog.discount_label(conn, "AB-2")))
        out.append(("modulo operator", [tuple(r) for r in await catalog.even_rows(conn, 5)]))
        await catalog.mark_percent(conn, ["AB-1", "CD-1"])
        out.append(("executemany with '%'", await conn.fetch("SELECT sku, note FROM fx_pct_items WHERE note LIKE '%\\%)' ORDER BY sku")))
        out.append(("pool shortcut LIKE '%' || $1", await catalog.count_suffix(pool, "-1")))
        out.append(("execute status, LIKE 'ZZ%'", await catalog.drop_zz(conn)))
        buf = io.BytesIO()
        status = await conn.copy_from_query("SELECT sku, discount || '%' FROM fx_pct_items WHERE sku LIKE 'AB%' AND qty > $1 ORDER BY sku", 6, output=buf)
        out.append(("copy_from_query with '%' and a parameter", (status, buf.getvalue())))
    finally:
        await conn.execute("DROP TABLE IF EXISTS fx_pct_items")
        await pool.close()
        await conn.close()
    return out
