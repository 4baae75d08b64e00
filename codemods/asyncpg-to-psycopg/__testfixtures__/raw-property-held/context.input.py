import asyncpg


class Context:
    def __init__(self, pool: asyncpg.Pool) -> None:
        self.pool = pool

    @property
    def db(self):
        return self.pool


class ReplayContext(Context):
    """Replays recorded answers in tests: its db is not a pool."""

    def __init__(self, pool: asyncpg.Pool, recorder) -> None:
        super().__init__(pool)
        self.recorder = recorder

    @property
    def db(self):
        return self.recorder


class GuildContext(Context):
    guild_id: int
