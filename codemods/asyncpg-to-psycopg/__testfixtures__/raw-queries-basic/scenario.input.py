import asyncio

import asyncpg

from . import inventory


async def scenario(dsn):
    conn = await asyncpg.connect(dsn)
    out = []
    try:
        out.append(("execute script: last status", await inventory.reset(conn)))
        out.append(("execute insert: status", await inventory.add(conn, "D", 1)))
        await inventory.receive(conn, [("A", 1), ("C", 2), ("Z", 9)])
        out.append(("executemany then fetchval", [await inventory.quantity(conn, s) for s in ("A", "C", "Z")]))
        out.append(("fetchval column=0", await inventory.bin_of(conn, "C")))
        out.append(("fetchrow", await inventory.item(conn, "C")))
        out.append(("fetchrow no row", await inventory.item(conn, "nope")))
        out.append(("fetch by key", await inventory.empty_skus(conn)))
        out.append(("fetch unpacked", await inventory.levels(conn)))
        out.append(("execute update status", await inventory.clear_bin(conn, "x1")))
        out.append(("status parsed", await inventory.purge_empty(conn)))
        out.append(("timeout not reached", await inventory.slow_count(conn, 0.01, 5)))
        try:
            await inventory.slow_count(conn, 3, 0.2)
            out.append(("timeout reached", "no timeout"))
        except asyncio.TimeoutError:
            out.append(("timeout reached", "TimeoutError"))
        await inventory.touch(conn)
        out.append(("connection usable after the timeout", await inventory.quantity(conn, "C")))
        try:
            await inventory.add(conn, "E", -1)
        except asyncpg.CheckViolationError as exc:
            out.append(("check violation", exc.sqlstate))
    finally:
        await conn.execute("DROP TABLE IF EXISTS fx_q_stock")
        await conn.close()
    return out
