from decimal import Decimal

import asyncpg

from . import repo, report


async def scenario(dsn):
    conn = await asyncpg.connect(dsn)
    out = []
    try:
        await conn.execute(
            "DROP TABLE IF EXISTS fx_rows_orders;"
            "CREATE TABLE fx_rows_orders (id int PRIMARY KEY, customer text, total numeric(8, 2), status text);"
            "INSERT INTO fx_rows_orders VALUES (1, 'acme', 10.50, 'open'), (2, 'acme', 3.25, 'paid'), (3, 'zeta', 7, 'open'), (4, 'acme', 1, 'open')"
        )
        rows = await repo.open_orders(conn, "acme")
        out.append(("rows returned as they are", rows))
        out.append(("report.lines: index and key", report.lines(rows)))
        out.append(("report.by_customer", report.by_customer(rows)))
        row = await repo.latest(conn)
        out.append(("report.summary: unpacking, len, in", report.summary(row)))
        out.append(("report.as_dict", report.as_dict(row)))
        out.append(("report.with_default: present and missing", (report.with_default(row, "status"), report.with_default(row, "discount"))))
        out.append(("report.keys_and_values", report.keys_and_values(row)))
        out.append(("rows handed over inside the repo", await repo.statement(conn, "acme")))
        out.append(("export.to_csv", await repo.csv_for(conn, "acme")))
        out.append(("export.to_csv, no rows", await repo.csv_for(conn, "nobody")))
        out.append(("fetchrow handed over", await repo.first_summary(conn)))
        out.append(("row equality with a tuple", row == (4, "acme", Decimal("1.00"), "open")))
    finally:
        await conn.execute("DROP TABLE IF EXISTS fx_rows_orders")
        await conn.close()
    return out
