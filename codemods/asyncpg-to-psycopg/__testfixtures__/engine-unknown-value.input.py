from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine(
    DATABASE_URL,
    connect_args={"statement_cache_size": settings.CACHE_SIZE, "server_settings": settings.PG_SETTINGS},
)
