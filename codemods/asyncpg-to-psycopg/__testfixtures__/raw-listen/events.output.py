"""Cache invalidation over LISTEN/NOTIFY: one listening connection, callbacks per channel."""
import asyncio

import psycopg
from . import asyncpg_compat


class Invalidator:
    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.conn: psycopg.AsyncConnection | None = None
        self.seen: asyncio.Queue = asyncio.Queue()

    def _on_notify(self, conn, pid, channel, payload) -> None:
        self.seen.put_nowait(f"{channel}:{payload}")

    async def start(self, *channels: str) -> None:
        self.conn = await psycopg.AsyncConnection.connect(self.dsn, autocommit=True, prepare_threshold=None, cursor_factory=psycopg.AsyncRawCursor, context=asyncpg_compat.ASYNCPG_TYPES)
        for channel in channels:
            await asyncpg_compat.add_listener(self.conn, channel, self._on_notify)

    async def stop_listening(self, channel: str) -> None:
        await asyncpg_compat.remove_listener(self.conn, channel, self._on_notify)

    async def close(self) -> None:
        await self.conn.close()


async def publish(conn: psycopg.AsyncConnection, channel: str, payload: str) -> None:
    await conn.execute("SELECT pg_notify($1, $2)", (channel, payload))
