import psycopg
from psycopg_pool import AsyncConnectionPool, ConnectionPool

POOL_KWARGS = {"autocommit": True, "prepare_threshold": 0}

conn = psycopg.connect(DSN, prepare_threshold=0)
aconn = psycopg.AsyncConnection.connect(DSN)
pool = ConnectionPool(DSN, kwargs=POOL_KWARGS)
apool = AsyncConnectionPool(DSN, min_size=1)
other = ConnectionPool(DSN, kwargs=load_kwargs())
conn.prepare_threshold = 5
conn.execute("select 1", prepare=True)
