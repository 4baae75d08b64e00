"""The application object: one asyncpg pool on app.state, opened at start-up, closed at shutdown."""
from __future__ import annotations

from typing import Optional

import asyncpg


class State:
    pool: Optional[asyncpg.Pool] = None
    dsn: str = ""


class App:
    def __init__(self) -> None:
        self.state = State()


async def startup(app: App, dsn: str) -> None:
    app.state.dsn = dsn
    app.state.pool = await asyncpg.create_pool(dsn, min_size=1, max_size=3)


async def shutdown(app: App) -> None:
    if app.state.pool is not None:
        await app.state.pool.close()
        app.state.pool = None
