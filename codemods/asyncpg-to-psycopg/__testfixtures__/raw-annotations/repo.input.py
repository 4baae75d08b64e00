"""A typed repository: every asyncpg class spelling a code base uses in its annotations."""
from __future__ import annotations

from typing import TYPE_CHECKING, Optional

import asyncpg
import asyncpg.connection
import asyncpg.pool
from asyncpg import Record

if TYPE_CHECKING:
    from asyncpg import Connection


class Repo:
    def __init__(self, pool: asyncpg.pool.Pool) -> None:
        self.pool = pool

    async def tags(self) -> list[Record]:
        async with self.pool.acquire() as conn:
            return await fetch_tags(conn)

    async def first(self) -> Optional[asyncpg.Record]:
        async with self.pool.acquire() as conn:
            return await conn.fetchrow("SELECT id, label FROM fx_ann_tags ORDER BY id LIMIT 1")


async def fetch_tags(conn: asyncpg.connection.Connection) -> list[asyncpg.Record]:
    return await conn.fetch("SELECT id, label FROM fx_ann_tags ORDER BY id")


async def label_of(conn: "asyncpg.Connection", tag_id: int) -> Optional[str]:
    return await conn.fetchval("SELECT label FROM fx_ann_tags WHERE id = $1", tag_id)


async def count(conn: Connection) -> int:
    return await conn.fetchval("SELECT count(*) FROM fx_ann_tags")


def is_row(value: object) -> bool:
    return isinstance(value, asyncpg.Record)


async def make_pool(dsn: str) -> asyncpg.Pool:
    return await asyncpg.create_pool(dsn, min_size=1, max_size=2)
