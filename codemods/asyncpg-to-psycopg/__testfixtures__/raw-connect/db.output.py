"""Connections for the worker: from a DSN, or from discrete settings as the ops tooling passes them."""
from dataclasses import dataclass

import psycopg
from . import asyncpg_compat


@dataclass
class Settings:
    host: str
    port: int
    user: str
    password: str
    database: str


async def connect(dsn: str) -> psycopg.AsyncConnection:
    return await psycopg.AsyncConnection.connect(
        dsn,
        connect_timeout=10,
        application_name="fx-worker",
        options="-c search_path=public",
        autocommit=True,
        prepare_threshold=None,
        cursor_factory=psycopg.AsyncRawCursor,
        context=asyncpg_compat.ASYNCPG_TYPES,
    )


async def connect_with(settings: Settings) -> psycopg.AsyncConnection:
    return await psycopg.AsyncConnection.connect(
        "",
        host=settings.host,
        port=settings.port,
        user=settings.user,
        password=settings.password,
        dbname=settings.database,
        sslmode="disable",
        connect_timeout=3,
        autocommit=True,
        prepare_threshold=None,
        cursor_factory=psycopg.AsyncRawCursor,
        context=asyncpg_compat.ASYNCPG_TYPES,
    )


async def who_am_i(conn: psycopg.AsyncConnection):
    return await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute(
        "SELECT current_user AS usr, current_database() AS db, current_setting('application_name') AS app,"
        " current_setting('search_path') AS path"
    )).fetchone()
