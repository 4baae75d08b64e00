import asyncpg

# migrate-driver: TODO asyncpg.create_pool(): port to psycopg_pool.AsyncConnectionPool(conninfo, kwargs={"prepare_threshold": None}) from the psycopg-pool package
POOL = asyncpg.create_pool
