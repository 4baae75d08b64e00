"""Connections for the worker: from a DSN, or from discrete settings as the ops tooling passes them."""
from dataclasses import dataclass

import asyncpg


@dataclass
class Settings:
    host: str
    port: int
    user: str
    password: str
    database: str


async def connect(dsn: str) -> asyncpg.Connection:
    return await asyncpg.connect(
        dsn,
        timeout=10,
        statement_cache_size=0,  # behind PgBouncer in transaction mode
        server_settings={"application_name": "fx-worker", "search_path": "public"},
    )


async def connect_with(settings: Settings) -> asyncpg.Connection:
    return await asyncpg.connect(
        host=settings.host,
        port=settings.port,
        user=settings.user,
        password=settings.password,
        database=settings.database,
        ssl="disable",
        timeout=2.5,
    )


async def who_am_i(conn: asyncpg.Connection):
    return await conn.fetchrow(
        "SELECT current_user AS usr, current_database() AS db, current_setting('application_name') AS app,"
        " current_setting('search_path') AS path"
    )
