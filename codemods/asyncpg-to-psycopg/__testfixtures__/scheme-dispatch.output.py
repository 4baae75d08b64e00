import json

from sqlalchemy import event
from sqlalchemy.ext.asyncio import create_async_engine

DATABASE_URL = "postgresql+psycopg://app@db/app"

engine = create_async_engine(DATABASE_URL, connect_args={"prepare_threshold": None})

# migrate-driver: TODO "postgresql+asyncpg" is tested here to choose a code path (dispatch, not configuration), so it was left as is. The branch it guards will no longer run for migrated URLs: decide whether psycopg needs it.
if DATABASE_URL.startswith("postgresql+asyncpg"):

    @event.listens_for(engine.sync_engine, "connect")
    def _codecs(dbapi_conn, _record):
        # migrate-driver: TODO in the asyncpg-only branch: set_type_codec() is asyncpg-only: psycopg already loads json/jsonb to Python objects, but it does not dump a dict passed as a parameter: wrap it in psycopg.types.json.Jsonb(...) or register one on connect with conn.adapters.register_dumper(dict, psycopg.types.json.JsonbDumper); other types take a loader/dumper (conn.adapters.register_loader)
        dbapi_conn.run_async(
            lambda conn: conn.set_type_codec("jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")
        )

# migrate-driver: TODO "postgresql+asyncpg" is tested here to choose a code path (dispatch, not configuration), so it was left as is. Migrated URLs will no longer match it: check what depends on the result.
DIALECT_NAMES = {"postgresql+asyncpg": "async", "postgresql": "sync"}


def is_async(url):
    # migrate-driver: TODO "+asyncpg" is tested here to choose a code path (dispatch, not configuration), so it was left as is. Migrated URLs will no longer match it: check what depends on the result.
    return "+asyncpg" in url


def kind(url):
    match url.split(":")[0]:
        # migrate-driver: TODO "postgresql+asyncpg" is tested here to choose a code path (dispatch, not configuration), so it was left as is. The branch it guards will no longer run for migrated URLs: decide whether psycopg needs it.
        case "postgresql+asyncpg":
            return "async"
    return "other"
