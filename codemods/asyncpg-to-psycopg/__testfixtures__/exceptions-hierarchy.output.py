import asyncpg
from asyncpg.exceptions import TransactionRollbackError


async def store(conn, row):
    try:
        # migrate-driver: TODO 1 asyncpg-style call (conn.execute) on a receiver that could not be traced to asyncpg.connect/create_pool: left as is; if it is an asyncpg connection, annotate it (conn: asyncpg.Connection) and run again, or port by hand: (await conn.execute(query, params)).fetchall() / .fetchone() / .statusmessage
        await conn.execute("insert into t values ($1)", row)
    except asyncpg.IntegrityConstraintViolationError:
        return "constraint"
    except (asyncpg.TransactionRollbackError, asyncpg.QueryCanceledError) as exc:
        return f"retry {exc}"


def retryable(exc):
    return isinstance(exc, TransactionRollbackError)


def wrap(exc):
    raise asyncpg.DataError("bad row") from exc
