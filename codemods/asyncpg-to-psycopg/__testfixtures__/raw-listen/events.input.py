"""Cache invalidation over LISTEN/NOTIFY: one listening connection, callbacks per channel."""
import asyncio

import asyncpg


class Invalidator:
    def __init__(self, dsn: str) -> None:
        self.dsn = dsn
        self.conn: asyncpg.Connection | None = None
        self.seen: asyncio.Queue = asyncio.Queue()

    def _on_notify(self, conn, pid, channel, payload) -> None:
        self.seen.put_nowait(f"{channel}:{payload}")

    async def start(self, *channels: str) -> None:
        self.conn = await asyncpg.connect(self.dsn)
        for channel in channels:
            await self.conn.add_listener(channel, self._on_notify)

    async def stop_listening(self, channel: str) -> None:
        await self.conn.remove_listener(channel, self._on_notify)

    async def close(self) -> None:
        await self.conn.close()


async def publish(conn: asyncpg.Connection, channel: str, payload: str) -> None:
    await conn.execute("SELECT pg_notify($1, $2)", channel, payload)
