from sqlalchemy.engine import URL, make_url

user, host = "app", "db.internal"
# migrate-driver: TODO asyncpg command_timeout=30 (client-side, seconds) was removed: psycopg has no equivalent. If you need a limit, consider "options": "-c statement_timeout=30000" (server-side, per statement, milliseconds): the semantics differ
DSN = f"postgresql+psycopg://{user}:{password}@{host}:5432/{db}?sslmode=require"
RAW = "postgresql+psycopg://app:p@ss%25w:rd@db:5432/app"
url = URL.create(drivername="postgresql+psycopg", username="app", host="db", database="app")
sync_url = make_url(DSN).set(drivername="postgresql+psycopg".replace("+psycopg", ""))
ASYNC_URL = os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+psycopg://")
driver_only = "+psycopg"
not_a_url = postgresql_asyncpg_helper()  # postgresql+psycopg is the dialect
