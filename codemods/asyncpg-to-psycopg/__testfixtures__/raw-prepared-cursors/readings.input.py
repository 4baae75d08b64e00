"""Sensor readings: prepared statements for the hot paths, cursors to stream long results."""
import asyncpg


async def store_batch(conn: asyncpg.Connection, readings: list[tuple[str, float]]) -> None:
    insert = await conn.prepare("INSERT INTO fx_pc_readings (sensor, value) VALUES ($1, $2)")
    await insert.executemany(readings)


async def latest(conn: asyncpg.Connection, sensors: list[str]) -> dict:
    stmt = await conn.prepare("SELECT value FROM fx_pc_readings WHERE sensor = $1 ORDER BY id DESC LIMIT 1")
    return {s: await stmt.fetchval(s) for s in sensors}


async def stats(conn: asyncpg.Connection, sensor: str):
    stmt = await conn.prepare("SELECT count(*) AS n, min(value) AS lo, max(value) AS hi FROM fx_pc_readings WHERE sensor = $1")
    row = await stmt.fetchrow(sensor)
    return row["n"], row["lo"], row["hi"], stmt.get_query().split()[0]


async def above(conn: asyncpg.Connection, limit: float) -> list:
    stmt = await conn.prepare("SELECT sensor, value FROM fx_pc_readings WHERE value > $1 ORDER BY id")
    return await stmt.fetch(limit)


async def second_column(conn: asyncpg.Connection, sensor: str):
    stmt = await conn.prepare("SELECT sensor, value FROM fx_pc_readings WHERE sensor = $1 ORDER BY id LIMIT 1")
    return await stmt.fetchval(sensor, column=1)


async def stream(conn: asyncpg.Connection, sensor: str) -> list[float]:
    values = []
    async with conn.transaction():
        async for r in conn.cursor("SELECT value FROM fx_pc_readings WHERE sensor = $1 ORDER BY id", sensor):
            values.append(r["value"])
    return values


async def stream_pairs(conn: asyncpg.Connection) -> list:
    async with conn.transaction():
        return [(sensor, round(value)) async for sensor, value in conn.cursor("SELECT sensor, value FROM fx_pc_readings ORDER BY id")]


async def stream_rows(conn: asyncpg.Connection, minimum: float) -> list:
    async with conn.transaction():
        return [r async for r in conn.cursor("SELECT id, sensor FROM fx_pc_readings WHERE value >= $1 ORDER BY id", minimum)]
