# migrate-driver: TODO from-import of TransactionRollbackError: TransactionRollbackError is asyncpg's parent of 5 SQLSTATEs and psycopg has no single class for them: in an except or isinstance use (psycopg.errors.TransactionRollback, psycopg.errors.SerializationFailure, psycopg.errors.TransactionIntegrityConstraintViolation, psycopg.errors.StatementCompletionUnknown, psycopg.errors.DeadlockDetected)
from asyncpg.exceptions import TransactionRollbackError


class RetryLater(TransactionRollbackError):
    pass


def retryable(exc):
    return isinstance(exc, TransactionRollbackError)
