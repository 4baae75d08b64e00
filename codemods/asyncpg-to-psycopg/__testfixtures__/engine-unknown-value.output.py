from sqlalchemy.ext.asyncio import create_async_engine

# migrate-driver: TODO statement_cache_size=settings.CACHE_SIZE cannot be read statically; replace it with "prepare_threshold": None if it disables the cache
# migrate-driver: TODO server_settings could not be read as a literal dict of strings; move each entry to a libpq parameter or to options="-c name=value"
engine = create_async_engine(
    DATABASE_URL,
    connect_args={"prepare_threshold": None, "statement_cache_size": settings.CACHE_SIZE, "server_settings": settings.PG_SETTINGS},
)
