"""Connection set-up of a reporting job."""
import asyncpg

from .records import Row

EXTRA = {"timeout": 5}


async def connect(dsn: str) -> asyncpg.Connection:
    return await asyncpg.connect(dsn, **EXTRA)


async def make_pool(dsn: str) -> asyncpg.Pool:
    return await asyncpg.create_pool(dsn, record_class=Row)


def shutdown(pool: asyncpg.Pool) -> None:
    # Called from a signal handler.
    pool.terminate()


async def init(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec("hstore", encoder=str, decoder=str, schema="public")
