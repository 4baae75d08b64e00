import json

from sqlalchemy import event
from sqlalchemy.ext.asyncio import create_async_engine

DATABASE_URL = "postgresql+asyncpg://app@db/app"

engine = create_async_engine(DATABASE_URL)

if DATABASE_URL.startswith("postgresql+asyncpg"):

    @event.listens_for(engine.sync_engine, "connect")
    def _codecs(dbapi_conn, _record):
        dbapi_conn.run_async(
            lambda conn: conn.set_type_codec("jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")
        )

DIALECT_NAMES = {"postgresql+asyncpg": "async", "postgresql": "sync"}


def is_async(url):
    return "+asyncpg" in url


def kind(url):
    match url.split(":")[0]:
        case "postgresql+asyncpg":
            return "async"
    return "other"
