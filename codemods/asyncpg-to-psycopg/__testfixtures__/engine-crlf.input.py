from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine(
    "postgresql+asyncpg://app:pw@db/app?ssl=require",
    connect_args={
        "statement_cache_size": 0,
        "command_timeout": 30,
    },
)
