from psycopg.errors import UniqueViolation, SerializationFailure as Retryable
from sqlalchemy.exc import IntegrityError


def classify(exc: IntegrityError) -> str:
    if isinstance(exc.orig, UniqueViolation):
        return "duplicate"
    if isinstance(exc.orig, Retryable):
        return "retry"
    return "other"
