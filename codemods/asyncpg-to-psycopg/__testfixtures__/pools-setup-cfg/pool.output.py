import asyncpg

# migrate-driver: TODO asyncpg.create_pool(): port to psycopg_pool.AsyncConnectionPool(conninfo, min_size=..., max_size=..., open=False, kwargs={"prepare_threshold": None}, reset=...) then await pool.open(), from the psycopg-pool package; reset= must do what asyncpg does on release (RESET ALL, UNLISTEN *, pg_advisory_unlock_all()), which psycopg_pool does not do by itself
POOL = asyncpg.create_pool
