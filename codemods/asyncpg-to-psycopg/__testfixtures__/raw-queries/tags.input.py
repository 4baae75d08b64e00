class Tags:
    def __init__(self, bot):
        self.bot = bot

    async def get(self, guild_id, name):
        query = """SELECT content FROM tags
                   WHERE location_id=$1 AND LOWER(name)=$2;"""
        return await self.bot.pool.fetchrow(query, guild_id, name.lower())

    async def count(self, guild_id):
        return await self.bot.pool.fetchval("SELECT COUNT(*) FROM tags WHERE location_id=$1", guild_id)

    async def all(self, session):
        # SQLAlchemy text with named parameters is not asyncpg's
        return await session.execute(text("SELECT * FROM tags WHERE id = :id"), {"id": 1})
