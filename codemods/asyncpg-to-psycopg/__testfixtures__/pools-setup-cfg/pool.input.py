import asyncpg

POOL = asyncpg.create_pool
