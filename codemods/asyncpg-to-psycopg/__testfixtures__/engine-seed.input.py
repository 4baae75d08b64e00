from sqlalchemy.ext.asyncio import create_async_engine

from app.config import settings

engine = create_async_engine(
    settings.DATABASE_URL,  # postgresql+asyncpg://...
    pool_size=10,
    connect_args={
        "statement_cache_size": 0,  # disable asyncpg's prepared statement cache
        "command_timeout": 60,
        "server_settings": {
            "application_name": "200ok_backend",
        },
    },
    execution_options={
        "compiled_cache": None,
        "prepared_statement_cache_size": 0,
    },
)
