import psycopg
from psycopg_pool import AsyncConnectionPool, ConnectionPool

POOL_KWARGS = {"autocommit": True, "prepare_threshold": None}

conn = psycopg.connect(DSN, prepare_threshold=None)
aconn = psycopg.AsyncConnection.connect(DSN, prepare_threshold=None)
pool = ConnectionPool(DSN, kwargs=POOL_KWARGS)
apool = AsyncConnectionPool(DSN, min_size=1, kwargs={"prepare_threshold": None})
# migrate-driver: TODO kwargs=load_kwargs() cannot be read statically; make sure it holds "prepare_threshold": None
other = ConnectionPool(DSN, kwargs=load_kwargs())
conn.prepare_threshold = None
# migrate-driver: TODO prepare=True asks for a named statement; with prepare_threshold=None it has no effect, elsewhere it breaks behind a transaction pooler: drop it
conn.execute("select 1", prepare=True)
