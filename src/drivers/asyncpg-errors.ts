/**
 * asyncpg exception classes and their exact psycopg counterpart (same SQLSTATE), from
 * asyncpg/exceptions/__init__.py and psycopg/errors.py (DRIVER-FACTS.md §5). A class whose
 * meaning differs between the drivers (client-side errors, base classes) maps to null: it is
 * flagged, not rewritten.
 */
export const ASYNCPG_TO_PSYCOPG_ERROR: Readonly<Record<string, string | null>> = {
  // 23xxx integrity
  IntegrityConstraintViolationError: 'IntegrityConstraintViolation',
  RestrictViolationError: 'RestrictViolation',
  NotNullViolationError: 'NotNullViolation',
  ForeignKeyViolationError: 'ForeignKeyViolation',
  UniqueViolationError: 'UniqueViolation',
  CheckViolationError: 'CheckViolation',
  ExclusionViolationError: 'ExclusionViolation',
  // 40xxx transaction rollback
  TransactionRollbackError: 'TransactionRollback',
  SerializationError: 'SerializationFailure',
  DeadlockDetectedError: 'DeadlockDetected',
  // 42xxx / 26000 / others with a one-to-one SQLSTATE
  UndefinedTableError: 'UndefinedTable',
  UndefinedColumnError: 'UndefinedColumn',
  UndefinedFunctionError: 'UndefinedFunction',
  DuplicateTableError: 'DuplicateTable',
  DuplicateObjectError: 'DuplicateObject',
  InsufficientPrivilegeError: 'InsufficientPrivilege',
  PostgresSyntaxError: 'SyntaxError',
  InvalidSQLStatementNameError: 'InvalidSqlStatementName',
  DuplicatePreparedStatementError: 'DuplicatePreparedStatement',
  QueryCanceledError: 'QueryCanceled',
  LockNotAvailableError: 'LockNotAvailable',
  TooManyConnectionsError: 'TooManyConnections',
  InvalidPasswordError: 'InvalidPassword',
  InvalidCatalogNameError: 'InvalidCatalogName',
  InvalidTextRepresentationError: 'InvalidTextRepresentation',
  NumericValueOutOfRangeError: 'NumericValueOutOfRange',
  DivisionByZeroError: 'DivisionByZero',
  StringDataRightTruncationError: 'StringDataRightTruncation',
  ReadOnlySQLTransactionError: 'ReadOnlySqlTransaction',
  AdminShutdownError: 'AdminShutdown',
  // Different meaning or no exact twin: flagged.
  PostgresError: null,
  InterfaceError: null,
  DataError: null,
  ConnectionDoesNotExistError: null,
  InternalClientError: null,
  OutdatedSchemaCacheError: null,
  ProtocolError: null,
  InvalidCachedStatementError: null,
};

export const isAsyncpgErrorName = (name: string): boolean =>
  Object.prototype.hasOwnProperty.call(ASYNCPG_TO_PSYCOPG_ERROR, name);
