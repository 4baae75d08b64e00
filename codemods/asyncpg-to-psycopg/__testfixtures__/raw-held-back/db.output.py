"""Connection set-up of a reporting job."""
import asyncpg

from .records import Row

EXTRA = {"timeout": 5}


async def connect(dsn: str) -> asyncpg.Connection:
    # migrate-driver: TODO asyncpg.connect() left as is: its arguments include **kwargs. In psycopg: await psycopg.AsyncConnection.connect(conninfo, autocommit=True, prepare_threshold=None, cursor_factory=psycopg.AsyncRawCursor)
    return await asyncpg.connect(dsn, **EXTRA)


async def make_pool(dsn: str) -> asyncpg.Pool:
    # migrate-driver: TODO asyncpg.create_pool() left as is: record_class= has no psycopg_pool twin. In psycopg: pool = psycopg_pool.AsyncConnectionPool(conninfo, min_size=10, max_size=10, open=False, reset=reset, kwargs={"autocommit": True, "prepare_threshold": None, "cursor_factory": psycopg.AsyncRawCursor}), then await pool.open(); reset is what asyncpg runs on release: async def reset(conn): await conn.execute("SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL")
    return await asyncpg.create_pool(dsn, record_class=Row)


def shutdown(pool: asyncpg.Pool) -> None:
    # Called from a signal handler.
    # migrate-driver: TODO pool.terminate() left as is: psycopg's pool closes only with await pool.close(timeout=0), and this function is not async
    pool.terminate()


async def init(conn: asyncpg.Connection) -> None:
    # migrate-driver: TODO asyncpg set_type_codec() left as is: only the json and jsonb codecs are ported, and this one is for 'hstore'; in psycopg register a loader and a dumper for the type (psycopg.adapt.Loader/Dumper, conn.adapters.register_loader/register_dumper) or use the type's own psycopg adapter
    await conn.set_type_codec("hstore", encoder=str, decoder=str, schema="public")
