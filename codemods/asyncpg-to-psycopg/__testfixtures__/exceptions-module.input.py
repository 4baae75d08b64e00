import asyncpg
from sqlalchemy.exc import DBAPIError, IntegrityError


async def save(session, row):
    try:
        await session.execute(INSERT, row)
    except IntegrityError as exc:
        cause = exc.orig.__cause__
        if isinstance(cause, asyncpg.UniqueViolationError):
            return "duplicate"
        if isinstance(cause, asyncpg.exceptions.ForeignKeyViolationError):
            return "missing parent"
        raise
    except DBAPIError as exc:
        if isinstance(exc.orig.__cause__, (asyncpg.SerializationError, asyncpg.DeadlockDetectedError)):
            return "retry"
        raise
