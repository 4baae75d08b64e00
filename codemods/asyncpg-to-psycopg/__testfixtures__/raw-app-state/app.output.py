"""The application object: one asyncpg pool on app.state, opened at start-up, closed at shutdown."""
from __future__ import annotations

from typing import Optional

import psycopg
import psycopg_pool
from . import asyncpg_compat


class State:
    pool: Optional[psycopg_pool.AsyncConnectionPool] = None
    dsn: str = ""


class App:
    def __init__(self) -> None:
        self.state = State()


async def startup(app: App, dsn: str) -> None:
    app.state.dsn = dsn
    app.state.pool = psycopg_pool.AsyncConnectionPool(dsn, min_size=1, max_size=3, reset=asyncpg_compat.reset_connection, open=False, kwargs={"autocommit": True, "prepare_threshold": None, "cursor_factory": psycopg.AsyncRawCursor, "context": asyncpg_compat.ASYNCPG_TYPES})
    await app.state.pool.open()


async def shutdown(app: App) -> None:
    if app.state.pool is not None:
        await app.state.pool.close()
        app.state.pool = None
