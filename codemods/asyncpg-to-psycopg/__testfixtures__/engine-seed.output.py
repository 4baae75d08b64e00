from sqlalchemy.ext.asyncio import create_async_engine

from app.config import settings

# migrate-driver: TODO asyncpg command_timeout=60 (client-side, seconds) was removed: psycopg has no equivalent. If you need a limit, consider "options": "-c statement_timeout=60000" (server-side, per statement, milliseconds): the semantics differ
engine = create_async_engine(
    settings.DATABASE_URL,  # postgresql+psycopg://...
    pool_size=10,
    connect_args={
        "prepare_threshold": None,  # disable psycopg's prepared statement cache
        "application_name": "200ok_backend",
    },
    execution_options={
        "compiled_cache": None,
    },
)
