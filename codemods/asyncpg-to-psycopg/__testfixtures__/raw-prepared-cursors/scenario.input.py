import asyncpg

from . import readings


async def scenario(dsn):
    conn = await asyncpg.connect(dsn)
    out = []
    try:
        await conn.execute("DROP TABLE IF EXISTS fx_pc_readings; CREATE TABLE fx_pc_readings (id serial PRIMARY KEY, sensor text, value float8)")
        await readings.store_batch(conn, [("t1", 20.5), ("t2", 18.0), ("t1", 21.25), ("h1", 55.0)])
        out.append(("prepared fetchval", await readings.latest(conn, ["t1", "t2", "none"])))
        out.append(("prepared fetchrow + get_query", await readings.stats(conn, "t1")))
        out.append(("prepared fetch", await readings.above(conn, 20.0)))
        out.append(("prepared fetchval column=1", await readings.second_column(conn, "t2")))
        out.append(("cursor, key access", await readings.stream(conn, "t1")))
        out.append(("cursor, unpacked in a comprehension", await readings.stream_pairs(conn)))
        out.append(("cursor rows handed out", await readings.stream_rows(conn, 21.0)))
    finally:
        await conn.execute("DROP TABLE IF EXISTS fx_pc_readings")
        await conn.close()
    return out
