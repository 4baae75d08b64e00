"""Sensor readings: prepared statements for the hot paths, cursors to stream long results."""
import psycopg
from psycopg.rows import dict_row
from . import asyncpg_compat


async def store_batch(conn: psycopg.AsyncConnection, readings: list[tuple[str, float]]) -> None:
    insert = asyncpg_compat.PreparedStatement(conn, "INSERT INTO fx_pc_readings (sensor, value) VALUES ($1, $2)")
    await insert.executemany(readings)


async def latest(conn: psycopg.AsyncConnection, sensors: list[str]) -> dict:
    stmt = asyncpg_compat.PreparedStatement(conn, "SELECT value FROM fx_pc_readings WHERE sensor = $1 ORDER BY id DESC LIMIT 1")
    return {s: await stmt.fetchval(s) for s in sensors}


async def stats(conn: psycopg.AsyncConnection, sensor: str):
    stmt = asyncpg_compat.PreparedStatement(conn, "SELECT count(*) AS n, min(value) AS lo, max(value) AS hi FROM fx_pc_readings WHERE sensor = $1")
    row = await stmt.fetchrow(sensor)
    return row["n"], row["lo"], row["hi"], stmt.get_query().split()[0]


async def above(conn: psycopg.AsyncConnection, limit: float) -> list:
    stmt = asyncpg_compat.PreparedStatement(conn, "SELECT sensor, value FROM fx_pc_readings WHERE value > $1 ORDER BY id")
    return await stmt.fetch(limit)


async def second_column(conn: psycopg.AsyncConnection, sensor: str):
    stmt = asyncpg_compat.PreparedStatement(conn, "SELECT sensor, value FROM fx_pc_readings WHERE sensor = $1 ORDER BY id LIMIT 1")
    return await stmt.fetchval(sensor, column=1)


async def stream(conn: psycopg.AsyncConnection, sensor: str) -> list[float]:
    values = []
    async with conn.transaction():
        async for r in await conn.cursor(row_factory=dict_row).execute("SELECT value FROM fx_pc_readings WHERE sensor = $1 ORDER BY id", (sensor,)):
            values.append(r["value"])
    return values


async def stream_pairs(conn: psycopg.AsyncConnection) -> list:
    async with conn.transaction():
        return [(sensor, round(value)) async for sensor, value in await conn.execute("SELECT sensor, value FROM fx_pc_readings ORDER BY id")]


async def stream_rows(conn: psycopg.AsyncConnection, minimum: float) -> list:
    async with conn.transaction():
        return [r async for r in await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT id, sensor FROM fx_pc_readings WHERE value >= $1 ORDER BY id", (minimum,))]
