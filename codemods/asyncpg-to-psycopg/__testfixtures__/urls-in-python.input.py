from sqlalchemy.engine import URL, make_url

user, host = "app", "db.internal"
DSN = f"postgresql+asyncpg://{user}:{password}@{host}:5432/{db}?ssl=require&command_timeout=30"
RAW = "postgres+asyncpg://app:p@ss%25w:rd@db:5432/app"
url = URL.create(drivername="postgresql+asyncpg", username="app", host="db", database="app")
sync_url = make_url(DSN).set(drivername="postgresql+asyncpg".replace("+asyncpg", ""))
ASYNC_URL = os.environ["DATABASE_URL"].replace("postgresql://", "postgresql+asyncpg://")
driver_only = "+asyncpg"
not_a_url = postgresql_asyncpg_helper()  # postgresql+asyncpg is the dialect
