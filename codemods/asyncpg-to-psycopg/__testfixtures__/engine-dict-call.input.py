import sqlalchemy as sa
from sqlalchemy.ext import asyncio as sa_asyncio

engine = sa_asyncio.create_async_engine(
    "postgresql+asyncpg://app:pw@db/app",
    connect_args=dict(
        statement_cache_size=0,
        server_settings={'application_name': 'worker', 'search_path': 'app, public', 'jit': 'off'},
        ssl="require",
    ),
)
