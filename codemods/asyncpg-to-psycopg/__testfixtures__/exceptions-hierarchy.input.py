import asyncpg
from asyncpg.exceptions import TransactionRollbackError


async def store(conn, row):
    try:
        await conn.execute("insert into t values ($1)", row)
    except asyncpg.IntegrityConstraintViolationError:
        return "constraint"
    except (asyncpg.TransactionRollbackError, asyncpg.QueryCanceledError) as exc:
        return f"retry {exc}"


def retryable(exc):
    return isinstance(exc, TransactionRollbackError)


def wrap(exc):
    raise asyncpg.DataError("bad row") from exc
