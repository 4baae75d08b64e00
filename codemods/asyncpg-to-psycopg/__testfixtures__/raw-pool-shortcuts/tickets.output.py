"""Support tickets, straight on the pool: asyncpg acquires a connection per call."""
import psycopg
import psycopg_pool
from psycopg.rows import dict_row, scalar_row
from . import asyncpg_compat


class TicketStore:
    def __init__(self, pool: psycopg_pool.AsyncConnectionPool) -> None:
        self.pool = pool

    async def open_ticket(self, title: str, priority: int) -> int:
        async with self.pool.connection() as conn:
            ticket_id = await (await conn.cursor(row_factory=scalar_row).execute(
                "INSERT INTO fx_sc_tickets (title, priority) VALUES ($1, $2) RETURNING id",
                (
                    title,
                    priority,
                ),
            )).fetchone()
        return ticket_id

    async def get(self, ticket_id: int):
        async with self.pool.connection() as conn:
            return await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT id, title, priority, closed FROM fx_sc_tickets WHERE id = $1", (ticket_id,))).fetchone()

    async def urgent_titles(self) -> list[str]:
        async with self.pool.connection() as conn:
            rows = await (await conn.cursor(row_factory=dict_row).execute("SELECT title FROM fx_sc_tickets WHERE priority >= $1 ORDER BY id", (2,))).fetchall()
        return [r["title"] for r in rows]

    async def close(self, ticket_id: int) -> str:
        async with self.pool.connection() as conn:
            return (await conn.execute("UPDATE fx_sc_tickets SET closed = true WHERE id = $1", (ticket_id,))).statusmessage

    async def bulk_priority(self, changes: list[tuple[int, int]]) -> None:
        async with self.pool.connection() as conn:
            await conn.cursor().executemany("UPDATE fx_sc_tickets SET priority = $2 WHERE id = $1", changes)

    async def touch_all(self) -> None:
        async with self.pool.connection() as conn:
            await conn.execute("UPDATE fx_sc_tickets SET title = title")


async def count_open(pool: psycopg_pool.AsyncConnectionPool) -> int:
    async with pool.connection() as conn:
        open_count = await (await conn.cursor(row_factory=scalar_row).execute("SELECT count(*) FROM fx_sc_tickets WHERE NOT closed")).fetchone()
    return open_count
