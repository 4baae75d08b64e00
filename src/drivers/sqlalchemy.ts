/** Engine factories whose keyword arguments carry driver options (Alembic's env.py uses the *_from_config ones). */
export const ENGINE_FACTORIES: ReadonlySet<string> = new Set([
  'create_async_engine', 'create_engine', 'async_engine_from_config', 'engine_from_config',
]);

/** URL schemes of the SQLAlchemy asyncpg dialect, and the psycopg 3 dialect that replaces them. */
export const ASYNCPG_SCHEME_RE = /\b(postgres(?:ql)?)\+asyncpg\b/g;
export const PSYCOPG_SCHEME = 'postgresql+psycopg';

/**
 * Options of the asyncpg DIALECT (not of asyncpg itself). They mean nothing to the psycopg dialect.
 * prepared_statement_cache_size: SQLAlchemy's own cache of asyncpg prepare() objects (default 100).
 * prepared_statement_name_func: names for those statements (2.0.10+).
 * https://docs.sqlalchemy.org/en/20/dialects/postgresql.html#prepared-statement-cache
 */
export const ASYNCPG_DIALECT_OPTIONS: ReadonlySet<string> = new Set([
  'prepared_statement_cache_size', 'prepared_statement_name_func',
]);

/**
 * SQLAlchemy's package extras: `postgresql_asyncpg` pulls asyncpg and greenlet; the psycopg
 * equivalent with wheels is `postgresql_psycopgbinary`, and greenlet comes with `asyncio`.
 */
export const SQLALCHEMY_EXTRA_SWAP = { from: 'postgresql_asyncpg', to: 'postgresql_psycopgbinary', alsoNeeds: 'asyncio' } as const;

/** The psycopg 3 dialect (`postgresql+psycopg`, sync and async) arrived in SQLAlchemy 2.0. */
export const PSYCOPG_DIALECT_MIN_SQLALCHEMY = '2.0';

/** True when a version specifier can only select SQLAlchemy 1.x (==1.4.x, <2, ~=1.4, <=1.4.x). */
export function pinsSqlalchemy1(specifier: string): boolean {
  return /(^|,)\s*(==|~=|<=)\s*1\.|(^|,)\s*<\s*2(\.0)?(\s*(,|$))|^\^1\.|^~1\./.test(specifier.trim());
}
