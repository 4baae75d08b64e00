from sqlalchemy.ext.asyncio import create_async_engine

# Migrated by hand from asyncpg: "prepare_threshold 0 disables prepared statements" (it does not).
engine = create_async_engine(
    "postgresql+psycopg://app:pw@pooler:6543/app",
    connect_args={"prepare_threshold": None},
)
