import psycopg
from sqlalchemy.exc import DBAPIError, IntegrityError


async def save(session, row):
    try:
        await session.execute(INSERT, row)
    except IntegrityError as exc:
        cause = exc.orig
        if isinstance(cause, psycopg.errors.UniqueViolation):
            return "duplicate"
        if isinstance(cause, psycopg.errors.ForeignKeyViolation):
            return "missing parent"
        raise
    except DBAPIError as exc:
        if isinstance(exc.orig, (psycopg.errors.SerializationFailure, psycopg.errors.DeadlockDetected)):
            return "retry"
        raise
