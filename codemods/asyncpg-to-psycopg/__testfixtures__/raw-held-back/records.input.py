import asyncpg


class Row(asyncpg.Record):
    def total(self) -> int:
        return sum(self.values())
