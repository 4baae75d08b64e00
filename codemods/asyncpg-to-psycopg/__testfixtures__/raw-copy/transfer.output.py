"""Bulk import and export of shipments with COPY."""
import datetime
import io
from decimal import Decimal

import psycopg
from . import asyncpg_compat


async def load(conn: psycopg.AsyncConnection, shipments: list[tuple]) -> str:
    return await asyncpg_compat.copy_records_to_table(conn, "fx_copy_shipments", records=shipments, columns=["ref", "weight", "shipped_on", "tags"])


async def load_csv(conn: psycopg.AsyncConnection, data: bytes) -> str:
    return await asyncpg_compat.copy_to_table(conn, "fx_copy_shipments", source=io.BytesIO(data), columns=["ref", "weight", "shipped_on"], format="csv", header=True)


async def export_heavy(conn: psycopg.AsyncConnection, min_weight: Decimal) -> tuple[str, bytes]:
    buf = io.BytesIO()
    status = await asyncpg_compat.copy_from_query(
        conn, "SELECT ref, weight FROM fx_copy_shipments WHERE weight >= $1 ORDER BY ref", min_weight, output=buf, format="csv"
    )
    return status, buf.getvalue()


async def export_all(conn: psycopg.AsyncConnection, path: str) -> str:
    return await asyncpg_compat.copy_from_table(conn, "fx_copy_shipments", output=path, columns=["ref", "shipped_on"], format="csv", header=True)


async def collect(conn: psycopg.AsyncConnection) -> list[bytes]:
    chunks: list[bytes] = []

    async def sink(chunk: bytes) -> None:
        chunks.append(chunk)

    await asyncpg_compat.copy_from_query(conn, "SELECT ref FROM fx_copy_shipments ORDER BY ref", output=sink)
    return chunks


async def shipped_between(conn: psycopg.AsyncConnection, start: datetime.date, end: datetime.date) -> list:
    rows = await (await conn.execute("SELECT ref, weight, shipped_on, tags FROM fx_copy_shipments WHERE shipped_on BETWEEN $1 AND $2 ORDER BY ref", (start, end))).fetchall()
    return [tuple(r) for r in rows]
