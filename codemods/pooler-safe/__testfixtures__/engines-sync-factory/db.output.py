"""Async engine for the app, sync engines for tests and migrations."""
from sqlalchemy import create_engine, engine_from_config
from sqlalchemy.ext.asyncio import create_async_engine

from .settings import settings
from uuid import uuid4

ASYNC_URL = "postgresql+asyncpg://app@db/app"
SYNC_URL = ASYNC_URL.replace("+asyncpg", "")

engine = create_async_engine(ASYNC_URL, connect_args={"statement_cache_size": 0, "prepared_statement_cache_size": 0, "prepared_statement_name_func": lambda: f"__asyncpg_{uuid4()}__"})
reports = create_engine(SYNC_URL)
# migrate-driver: TODO create_engine(): the driver of this engine cannot be told (the URL (settings.database_url) cannot be read statically, and a sync engine is not asyncpg), so the pooler-safe setting cannot be chosen: with psycopg add connect_args={"prepare_threshold": None}; with asyncpg see the SQLAlchemy recipe; psycopg2 and pg8000 need nothing
scripts = create_engine(settings.database_url)
# migrate-driver: TODO engine_from_config(): the driver of this engine cannot be told (the URL ({"sqlalchemy.url": settings.database_url}) cannot be read statically, and a sync engine is not asyncpg), so the pooler-safe setting cannot be chosen: with psycopg add connect_args={"prepare_threshold": None}; with asyncpg see the SQLAlchemy recipe; psycopg2 and pg8000 need nothing
migrations = engine_from_config({"sqlalchemy.url": settings.database_url}, prefix="sqlalchemy.")
psycopg_sync = create_engine(ASYNC_URL.replace("+asyncpg", "+psycopg"), connect_args={"prepare_threshold": None})
