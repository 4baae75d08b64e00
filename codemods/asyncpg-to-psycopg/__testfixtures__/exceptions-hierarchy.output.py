import psycopg


async def store(conn, row):
    try:
        # migrate-driver: TODO 1 raw asyncpg query in this file (fetch/fetchrow/fetchval/execute on asyncpg connections, $n placeholders) needs porting: in psycopg run (await conn.execute(query, params)).fetchall() / .fetchone(), keep the $n SQL with cursor_factory=psycopg.AsyncRawCursor, read execute's status string from cursor.statusmessage, and use a row factory where rows are read by key
        await conn.execute("insert into t values ($1)", row)
    except psycopg.errors.IntegrityError:
        return "constraint"
    except (psycopg.errors.TransactionRollback, psycopg.errors.SerializationFailure, psycopg.errors.TransactionIntegrityConstraintViolation, psycopg.errors.StatementCompletionUnknown, psycopg.errors.DeadlockDetected, psycopg.errors.QueryCanceled) as exc:
        return f"retry {exc}"


def retryable(exc):
    return isinstance(exc, (psycopg.errors.TransactionRollback, psycopg.errors.SerializationFailure, psycopg.errors.TransactionIntegrityConstraintViolation, psycopg.errors.StatementCompletionUnknown, psycopg.errors.DeadlockDetected))


def wrap(exc):
    raise psycopg.errors.DataError("bad row") from exc
