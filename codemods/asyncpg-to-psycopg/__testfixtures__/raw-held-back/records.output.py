import asyncpg


# migrate-driver: TODO asyncpg.Record: psycopg rows are tuples by default; use row_factory=dict_row for key access, or a Record-like row factory for both
class Row(asyncpg.Record):
    def total(self) -> int:
        return sum(self.values())
