class Tags:
    def __init__(self, bot):
        self.bot = bot

    async def get(self, guild_id, name):
        query = """SELECT content FROM tags
                   WHERE location_id=$1 AND LOWER(name)=$2;"""
        # migrate-driver: TODO 2 raw asyncpg queries in this file (fetch/fetchrow/fetchval/execute on asyncpg connections, $n placeholders) need porting: in psycopg run (await conn.execute(query, params)).fetchall() / .fetchone(), keep the $n SQL with cursor_factory=psycopg.AsyncRawCursor, read execute's status string from cursor.statusmessage, and use a row factory where rows are read by key
        return await self.bot.pool.fetchrow(query, guild_id, name.lower())

    async def count(self, guild_id):
        return await self.bot.pool.fetchval("SELECT COUNT(*) FROM tags WHERE location_id=$1", guild_id)

    async def all(self, session):
        # SQLAlchemy text with named parameters is not asyncpg's
        return await session.execute(text("SELECT * FROM tags WHERE id = :id"), {"id": 1})
