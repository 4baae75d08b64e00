import type { PreparePolicy } from '../../drivers/policy.js';

/** One place where the code connects to PostgreSQL, with what it does about prepared statements. */
export interface Site {
  path: string;
  line: number;
  column: number;
  /** e.g. "asyncpg", "sqlalchemy+asyncpg", "psycopg", "django", "pg", "postgres.js", "prisma". */
  driver: string;
  /** What was read: `statement_cache_size=0`, `prepare_threshold (default 5)`, ... */
  settings: string[];
  policy: PreparePolicy;
  /** The exact change that makes the site pooler-safe ("" when it already is). */
  fix: string;
  /**
   * Why it still breaks behind a pooler that keeps protocol-level named statements (PgBouncer >=
   * 1.21 with max_prepared_statements): SQL-level PREPARE/DEALLOCATE, psycopg's eviction on libpq <
   * 17. Unset: fine there.
   */
  keepingPooler?: string;
  /**
   * What decides whether `keepingPooler` applies on a given endpoint: `always` (SQL PREPARE);
   * `sql-deallocate`, when the probe saw SQL DEALLOCATE of a named statement fail there;
   * `deallocate-all`, unless the pooler is known to handle DEALLOCATE ALL / DISCARD ALL (>= 1.22).
   * Unset means `always`.
   */
  keepingNeeds?: KeepingNeed;
  /**
   * Parameters the driver puts in its start-up packet beyond user/database (asyncpg
   * `server_settings`, libpq `options`, postgres.js `connection`): a pooler refuses those it does
   * not know. Values as written ("" when not literal).
   */
  startupParams?: Record<string, string>;
}

export type KeepingNeed = 'always' | 'sql-deallocate' | 'deallocate-all';
