"""Report queries: some of these cannot be ported exactly, so the whole job stays on asyncpg."""
import asyncpg


async def owner_of(db, report_id: int):
    # `db` comes from a plugin registry: nothing says it is an asyncpg connection.
    return await db.fetchrow("SELECT owner FROM reports WHERE id = $1", report_id)


async def second_value(conn: asyncpg.Connection, report_id: int):
    return await conn.fetchval("SELECT id, title FROM reports WHERE id = $1", report_id, column=1)


async def has_reports(pool: asyncpg.Pool) -> bool:
    if await pool.fetchval("SELECT count(*) FROM reports") > 0:
        return True
    return False


async def snapshot(conn: asyncpg.Connection, level: str) -> list:
    async with conn.transaction(isolation=level):
        return await conn.fetch("SELECT id FROM reports")


async def first_page(conn: asyncpg.Connection) -> list:
    async with conn.transaction():
        cur = await conn.cursor("SELECT id FROM reports ORDER BY id")
        return await cur.fetch(50)


async def columns(conn: asyncpg.Connection) -> list[str]:
    stmt = await conn.prepare("SELECT * FROM reports")
    return [a.name for a in stmt.get_attributes()]


async def run(db: asyncpg.Pool | asyncpg.Connection, sql: str) -> list:
    return await db.fetch(sql)
