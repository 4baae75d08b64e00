from asyncpg.exceptions import UniqueViolationError, SerializationError as Retryable
from sqlalchemy.exc import IntegrityError


def classify(exc: IntegrityError) -> str:
    if isinstance(exc.orig.__cause__, UniqueViolationError):
        return "duplicate"
    if isinstance(exc.orig.__cause__, Retryable):
        return "retry"
    return "other"
