from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import create_async_engine

# migrate-driver: TODO asyncpg command_timeout=10 (client-side, seconds) was removed: psycopg has no equivalent. If you need a limit, consider "options": "-c statement_timeout=10000" (server-side, per statement, milliseconds): the semantics differ
primary = create_async_engine(URL, connect_args={"prepare_threshold": None})
# migrate-driver: TODO asyncpg command_timeout=10 (client-side, seconds) was removed: psycopg has no equivalent. If you need a limit, consider "options": "-c statement_timeout=10000" (server-side, per statement, milliseconds): the semantics differ
fallback = create_async_engine(URL, connect_args={"connect_timeout": 5, "prepare_threshold": None})
cache_on = create_async_engine(URL, connect_args={"prepare_threshold": None})
sqlite = create_engine("sqlite:///local.db", connect_args={"check_same_thread": False})
