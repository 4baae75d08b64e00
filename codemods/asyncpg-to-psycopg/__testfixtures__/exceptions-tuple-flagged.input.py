from asyncpg.exceptions import TransactionRollbackError


class RetryLater(TransactionRollbackError):
    pass


def retryable(exc):
    return isinstance(exc, TransactionRollbackError)
