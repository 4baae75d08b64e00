import asyncpg


class Bot:
    pool: asyncpg.Pool

    async def start(self, dsn: str) -> None:
        self.pool = await asyncpg.create_pool(dsn)
