import asyncpg

# migrate-driver: TODO asyncpg.create_pool(): port to psycopg_pool.AsyncConnectionPool(conninfo, min_size=..., max_size=..., open=False, kwargs={"prepare_threshold": None}) then await pool.open(), from the psycopg-pool package
POOL = asyncpg.create_pool
