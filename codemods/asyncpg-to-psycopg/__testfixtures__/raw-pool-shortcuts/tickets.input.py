"""Support tickets, straight on the pool: asyncpg acquires a connection per call."""
import asyncpg


class TicketStore:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    async def open_ticket(self, title: str, priority: int) -> int:
        ticket_id = await self.pool.fetchval(
            "INSERT INTO fx_sc_tickets (title, priority) VALUES ($1, $2) RETURNING id",
            title,
            priority,
        )
        return ticket_id

    async def get(self, ticket_id: int):
        return await self.pool.fetchrow("SELECT id, title, priority, closed FROM fx_sc_tickets WHERE id = $1", ticket_id)

    async def urgent_titles(self) -> list[str]:
        rows = await self.pool.fetch("SELECT title FROM fx_sc_tickets WHERE priority >= $1 ORDER BY id", 2)
        return [r["title"] for r in rows]

    async def close(self, ticket_id: int) -> str:
        return await self.pool.execute("UPDATE fx_sc_tickets SET closed = true WHERE id = $1", ticket_id)

    async def bulk_priority(self, changes: list[tuple[int, int]]) -> None:
        await self.pool.executemany("UPDATE fx_sc_tickets SET priority = $2 WHERE id = $1", changes)

    async def touch_all(self) -> None:
        await self.pool.execute("UPDATE fx_sc_tickets SET title = title")


async def count_open(pool: asyncpg.Pool) -> int:
    open_count = await pool.fetchval("SELECT count(*) FROM fx_sc_tickets WHERE NOT closed")
    return open_count
