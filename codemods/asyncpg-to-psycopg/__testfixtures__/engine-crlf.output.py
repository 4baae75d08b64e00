from sqlalchemy.ext.asyncio import create_async_engine

# migrate-driver: TODO asyncpg command_timeout=30 (client-side, seconds) was removed: psycopg has no equivalent. If you need a limit, consider "options": "-c statement_timeout=30000" (server-side, per statement, milliseconds): the semantics differ
engine = create_async_engine(
    "postgresql+psycopg://app:pw@db/app?sslmode=require",
    connect_args={
        "prepare_threshold": None,
    },
)
