import asyncpg


class Store:
    async def connect(self, dsn):
        # migrate-driver: TODO asyncpg.create_pool(): port to psycopg_pool.AsyncConnectionPool(conninfo, min_size=..., max_size=..., open=False, kwargs={"prepare_threshold": None}, reset=...) then await pool.open(), from the psycopg-pool package; reset= must do what asyncpg does on release (RESET ALL, UNLISTEN *, pg_advisory_unlock_all()), which psycopg_pool does not do by itself
        self.pool = await asyncpg.create_pool(dsn)

    async def names(self):
        async with self.pool.acquire() as connection:
            rows = await connection.fetch(self.query)
        return [dict(r) for r in rows]

    async def ping(self):
        return await self.pool.execute("SELECT 1")


async def first(conn, query, *args):
    # migrate-driver: TODO 1 asyncpg-style call (conn.fetchrow) on a receiver that could not be traced to asyncpg.connect/create_pool: left as is; if it is an asyncpg connection, annotate it (conn: asyncpg.Connection) and run again, or port by hand: (await conn.execute(query, params)).fetchall() / .fetchone() / .statusmessage
    return await conn.fetchrow(query, *args)
