"""Engine for the API."""
import os

from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine(
    os.environ["DATABASE_URL"],
    pool_size=10,
    connect_args={
        "statement_cache_size": 0,  # the seed's setting
        "server_settings": {"application_name": "api"},
    },
)
worker = create_async_engine("postgresql+asyncpg://w:pw@db/app")
