"""Report queries: some of these cannot be ported exactly, so the whole job stays on asyncpg."""
import asyncpg


async def owner_of(db, report_id: int):
    # `db` comes from a plugin registry: nothing says it is an asyncpg connection.
    # migrate-driver: TODO 1 asyncpg-style call (db.fetchrow) on a receiver that could not be traced to asyncpg.connect/create_pool: left as is; if it is an asyncpg connection, annotate it (conn: asyncpg.Connection) and run again, or port by hand: (await conn.execute(query, params)).fetchall() / .fetchone() / .statusmessage
    return await db.fetchrow("SELECT owner FROM reports WHERE id = $1", report_id)


async def second_value(conn: asyncpg.Connection, report_id: int):
    # migrate-driver: TODO asyncpg fetchval() left as is: fetchval(column=N): in psycopg row = await (await conn.execute(q, params)).fetchone(), then None if row is None else row[N]
    return await conn.fetchval("SELECT id, title FROM reports WHERE id = $1", report_id, column=1)


async def has_reports(pool: asyncpg.Pool) -> bool:
    # migrate-driver: TODO pool.fetchval() left as is: psycopg's pool has no query shortcuts; write async with pool.connection() as conn: and run the query on conn
    if await pool.fetchval("SELECT count(*) FROM reports") > 0:
        return True
    return False


async def snapshot(conn: asyncpg.Connection, level: str) -> list:
    # migrate-driver: TODO transaction() modes left as is: psycopg's transaction() takes none; run SET TRANSACTION ISOLATION LEVEL ... / READ ONLY / DEFERRABLE as the first statement inside the block
    async with conn.transaction(isolation=level):
        return await conn.fetch("SELECT id FROM reports")


async def first_page(conn: asyncpg.Connection) -> list:
    async with conn.transaction():
        # migrate-driver: TODO asyncpg cursor() left as is: in psycopg iterate async for row in await conn.execute(query, params) (rows are fetched as you go only with a named cursor: conn.cursor(name=...))
        cur = await conn.cursor("SELECT id FROM reports ORDER BY id")
        return await cur.fetch(50)


async def columns(conn: asyncpg.Connection) -> list[str]:
    stmt = await conn.prepare("SELECT * FROM reports")
    # migrate-driver: TODO prepared statement get_attributes() left as is: asyncpg_compat.PreparedStatement (what conn.prepare() becomes) has only get_query/fetch/fetchrow/fetchval/executemany. In psycopg: cur = await conn.execute(query, params), then cur.description (name and type of each column)
    return [a.name for a in stmt.get_attributes()]


async def run(db: asyncpg.Pool | asyncpg.Connection, sql: str) -> list:
    return await db.fetch(sql)
