"""A typed repository: every asyncpg class spelling a code base uses in its annotations."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import psycopg
import psycopg_pool
from psycopg.rows import scalar_row
from . import asyncpg_compat
from .asyncpg_compat import Record

if TYPE_CHECKING:
    from psycopg import AsyncConnection as Connection


class Repo:
    def __init__(self, pool: psycopg_pool.AsyncConnectionPool) -> None:
        self.pool = pool

    async def tags(self) -> list[Record]:
        async with self.pool.connection() as conn:
            return await fetch_tags(conn)

    async def first(self) -> Optional[asyncpg_compat.Record]:
        async with self.pool.connection() as conn:
            return await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT id, label FROM fx_ann_tags ORDER BY id LIMIT 1")).fetchone()


async def fetch_tags(conn: psycopg.AsyncConnection) -> list[asyncpg_compat.Record]:
    return await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT id, label FROM fx_ann_tags ORDER BY id")).fetchall()


async def label_of(conn: "psycopg.AsyncConnection", tag_id: int) -> Optional[str]:
    return await (await conn.cursor(row_factory=scalar_row).execute("SELECT label FROM fx_ann_tags WHERE id = $1", (tag_id,))).fetchone()


async def count(conn: Connection) -> int:
    return await (await conn.cursor(row_factory=scalar_row).execute("SELECT count(*) FROM fx_ann_tags")).fetchone()


def is_row(value: object) -> bool:
    return isinstance(value, asyncpg_compat.Record)


async def make_pool(dsn: str) -> psycopg_pool.AsyncConnectionPool:
    pool = psycopg_pool.AsyncConnectionPool(dsn, min_size=1, max_size=2, reset=asyncpg_compat.reset_connection, open=False, kwargs={"autocommit": True, "prepare_threshold": None, "cursor_factory": psycopg.AsyncRawCursor, "context": asyncpg_compat.ASYNCPG_TYPES})
    await pool.open()
    return pool
