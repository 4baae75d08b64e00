from sqlalchemy.ext.asyncio import create_async_engine

from .config import settings

engine = create_async_engine(
    settings.DATABASE_URL,
    connect_args={
        "statement_cache_size": 0,
        "server_settings": {"application_name": settings.APP_NAME, "jit": "off"},
    },
)
