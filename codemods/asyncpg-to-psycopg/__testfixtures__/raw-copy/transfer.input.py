"""Bulk import and export of shipments with COPY."""
import datetime
import io
from decimal import Decimal

import asyncpg


async def load(conn: asyncpg.Connection, shipments: list[tuple]) -> str:
    return await conn.copy_records_to_table("fx_copy_shipments", records=shipments, columns=["ref", "weight", "shipped_on", "tags"])


async def load_csv(conn: asyncpg.Connection, data: bytes) -> str:
    return await conn.copy_to_table("fx_copy_shipments", source=io.BytesIO(data), columns=["ref", "weight", "shipped_on"], format="csv", header=True)


async def export_heavy(conn: asyncpg.Connection, min_weight: Decimal) -> tuple[str, bytes]:
    buf = io.BytesIO()
    status = await conn.copy_from_query(
        "SELECT ref, weight FROM fx_copy_shipments WHERE weight >= $1 ORDER BY ref", min_weight, output=buf, format="csv"
    )
    return status, buf.getvalue()


async def export_all(conn: asyncpg.Connection, path: str) -> str:
    return await conn.copy_from_table("fx_copy_shipments", output=path, columns=["ref", "shipped_on"], format="csv", header=True)


async def collect(conn: asyncpg.Connection) -> list[bytes]:
    chunks: list[bytes] = []

    async def sink(chunk: bytes) -> None:
        chunks.append(chunk)

    await conn.copy_from_query("SELECT ref FROM fx_copy_shipments ORDER BY ref", output=sink)
    return chunks


async def shipped_between(conn: asyncpg.Connection, start: datetime.date, end: datetime.date) -> list:
    rows = await conn.fetch("SELECT ref, weight, shipped_on, tags FROM fx_copy_shipments WHERE shipped_on BETWEEN $1 AND $2 ORDER BY ref", start, end)
    return [tuple(r) for r in rows]
