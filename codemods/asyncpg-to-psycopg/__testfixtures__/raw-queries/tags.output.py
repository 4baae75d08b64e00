from psycopg.rows import scalar_row
import asyncpg_compat

class Tags:
    def __init__(self, bot):
        self.bot = bot

    async def get(self, guild_id, name):
        query = """SELECT content FROM tags
                   WHERE location_id=$1 AND LOWER(name)=$2;"""
        async with self.bot.pool.connection() as conn:
            return await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute(query, (guild_id, name.lower()))).fetchone()

    async def count(self, guild_id):
        async with self.bot.pool.connection() as conn:
            return await (await conn.cursor(row_factory=scalar_row).execute("SELECT COUNT(*) FROM tags WHERE location_id=$1", (guild_id,))).fetchone()

    async def all(self, session):
        # SQLAlchemy text with named parameters is not asyncpg's
        return await session.execute(text("SELECT * FROM tags WHERE id = :id"), {"id": 1})
