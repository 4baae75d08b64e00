import psycopg


async def store(conn, row):
    try:
        await conn.execute("insert into t values ($1)", row)
    except psycopg.errors.IntegrityError:
        return "constraint"
    except ((psycopg.errors.TransactionRollback, psycopg.errors.SerializationFailure, psycopg.errors.TransactionIntegrityConstraintViolation, psycopg.errors.StatementCompletionUnknown, psycopg.errors.DeadlockDetected), psycopg.errors.QueryCanceled) as exc:
        return f"retry {exc}"


def retryable(exc):
    return isinstance(exc, (psycopg.errors.TransactionRollback, psycopg.errors.SerializationFailure, psycopg.errors.TransactionIntegrityConstraintViolation, psycopg.errors.StatementCompletionUnknown, psycopg.errors.DeadlockDetected))


def wrap(exc):
    raise psycopg.errors.DataError("bad row") from exc
