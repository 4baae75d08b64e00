"""Async engine for the app, sync engines for tests and migrations."""
from sqlalchemy import create_engine, engine_from_config
from sqlalchemy.ext.asyncio import create_async_engine

from .settings import settings

ASYNC_URL = "postgresql+asyncpg://app@db/app"
SYNC_URL = ASYNC_URL.replace("+asyncpg", "")

engine = create_async_engine(ASYNC_URL)
reports = create_engine(SYNC_URL)
scripts = create_engine(settings.database_url)
migrations = engine_from_config({"sqlalchemy.url": settings.database_url}, prefix="sqlalchemy.")
psycopg_sync = create_engine(ASYNC_URL.replace("+asyncpg", "+psycopg"))
