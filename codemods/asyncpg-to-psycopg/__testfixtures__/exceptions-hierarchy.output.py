import psycopg


async def store(conn, row):
    try:
        # migrate-driver: TODO 1 asyncpg-style call (conn.execute) on a receiver that could not be traced to asyncpg.connect/create_pool: left as is; if it is an asyncpg connection, annotate it (conn: asyncpg.Connection) and run again, or port by hand: (await conn.execute(query, params)).fetchall() / .fetchone() / .statusmessage
        await conn.execute("insert into t values ($1)", row)
    except psycopg.errors.IntegrityError:
        return "constraint"
    except (psycopg.errors.TransactionRollback, psycopg.errors.SerializationFailure, psycopg.errors.TransactionIntegrityConstraintViolation, psycopg.errors.StatementCompletionUnknown, psycopg.errors.DeadlockDetected, psycopg.errors.QueryCanceled) as exc:
        return f"retry {exc}"


def retryable(exc):
    return isinstance(exc, (psycopg.errors.TransactionRollback, psycopg.errors.SerializationFailure, psycopg.errors.TransactionIntegrityConstraintViolation, psycopg.errors.StatementCompletionUnknown, psycopg.errors.DeadlockDetected))


def wrap(exc):
    raise psycopg.errors.DataError("bad row") from exc
