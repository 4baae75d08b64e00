import { VERSION_FACTS, atLeast, showVersion, type Version } from './versions.js';

/**
 * What to write so that a client never leaves named prepared statements on a pooled server
 * connection, per driver, with the fact it rests on (DRIVER-FACTS.md §0-§2, "Measured here").
 * Values are Python source text.
 */
export const ASYNCPG_SAFE = {
  key: 'statement_cache_size',
  value: '0',
  reason: 'asyncpg names every cached query (__asyncpg_stmt_N__, a counter that restarts in every process); statement_cache_size=0 sends unnamed statements (asyncpg FAQ)',
} as const;

export const PSYCOPG_SAFE = {
  key: 'prepare_threshold',
  value: 'None',
  reason: 'psycopg prepares a query after prepare_threshold runs (default 5; 0 = on the first run) as _pg3_N, a counter that restarts on every connection; only None disables it (psycopg docs, "Prepared statements")',
} as const;

export interface RecipeEntry {
  key: string;
  value: string;
  reason: string;
}

/**
 * SQLAlchemy's asyncpg dialect calls asyncpg's prepare() for every statement and caches the result,
 * so the full recipe is needed: asyncpg's cache off, SQLAlchemy's cache off, and unique statement
 * names (prepared_statement_name_func exists from SQLAlchemy 2.0.10). On asyncpg >= 0.31 the first
 * entry alone makes prepare() unnamed; the recipe stays correct there too.
 */
export function sqlalchemyAsyncpgRecipe(sqlalchemy: Version | null): { entries: RecipeEntry[]; note: string | null } {
  const entries: RecipeEntry[] = [
    { key: 'statement_cache_size', value: '0', reason: "asyncpg's own statement cache off" },
    { key: 'prepared_statement_cache_size', value: '0', reason: "SQLAlchemy's cache of prepare() results off, so no named statement is reused in a later transaction" },
  ];
  const hasNameFunc = !sqlalchemy || atLeast(sqlalchemy, VERSION_FACTS.sqlalchemyNameFunc);
  if (hasNameFunc) {
    entries.push({ key: 'prepared_statement_name_func', value: 'lambda: f"__asyncpg_{uuid4()}__"', reason: 'unique statement names, so two processes never collide on one server connection (SQLAlchemy >= 2.0.10)' });
  }
  const note = !sqlalchemy
    ? `no SQLAlchemy version found: assumed >= ${VERSION_FACTS.sqlalchemyNameFunc} for prepared_statement_name_func`
    : hasNameFunc
      ? null
      : `SQLAlchemy ${showVersion(sqlalchemy)} < ${VERSION_FACTS.sqlalchemyNameFunc} has no prepared_statement_name_func: upgrade SQLAlchemy, or asyncpg to >= ${VERSION_FACTS.asyncpgUnnamedPrepare}, to stop name collisions`;
  return { entries, note };
}
