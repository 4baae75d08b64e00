import aiosql
import asyncpg

# aiosql runs these queries on asyncpg connections because it is told so by name.
queries = aiosql.from_path("queries.sql", "asyncpg")


async def connect(dsn):
    return await asyncpg.connect(dsn)
