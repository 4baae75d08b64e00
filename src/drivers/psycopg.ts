import { atLeast, showVersion, type Version } from './versions.js';
import type { PreparePolicy } from './policy.js';

/** What the migration writes into dependency manifests (psycopg 3.2+ is the current floor). */
export const PSYCOPG_REQUIREMENT = { name: 'psycopg', extras: ['binary'], specifier: '>=3.2' } as const;
export const PSYCOPG_POOL_REQUIREMENT = { name: 'psycopg-pool', extras: [] as string[], specifier: '>=3.2' } as const;

/**
 * The value of `prepare_threshold` that disables server-side prepared statements.
 * psycopg docs, "Prepared statements": a query is prepared once it has run MORE than
 * prepare_threshold times; 0 prepares on the first run; None disables preparation.
 * https://www.psycopg.org/psycopg3/docs/advanced/prepare.html (DRIVER-FACTS.md §0).
 */
export const PREPARE_THRESHOLD_OFF = 'None';
export const PREPARE_THRESHOLD_DEFAULT = 5;

/**
 * Keyword arguments psycopg.connect() consumes itself; every other keyword goes to libpq.
 * https://www.psycopg.org/psycopg3/docs/api/connections.html#psycopg.Connection.connect
 */
export const PSYCOPG_CONNECT_KWARGS: ReadonlySet<string> = new Set([
  'prepare_threshold', 'autocommit', 'row_factory', 'cursor_factory', 'context', 'conninfo',
]);

/** The policy a literal `prepare_threshold` value gives (the source text of a Python literal). */
export function prepareThresholdPolicy(literal: string | undefined): PreparePolicy {
  if (literal === undefined) {
    return { kind: 'named-after', uses: PREPARE_THRESHOLD_DEFAULT, why: 'psycopg default prepare_threshold=5 prepares a query after its 5th run' };
  }
  if (literal === 'None') return { kind: 'never', why: 'prepare_threshold=None disables prepared statements' };
  if (/^\d+$/.test(literal)) {
    const n = Number(literal);
    return n === 0
      ? { kind: 'named-immediately', why: 'prepare_threshold=0 prepares every query on its first run (it does not disable anything)' }
      : { kind: 'named-after', uses: n, why: `prepare_threshold=${n} prepares a query after its ${n}th run` };
  }
  return { kind: 'unknown', why: `prepare_threshold=${literal} cannot be read statically` };
}

/**
 * psycopg evicts prepared statements past `prepared_max` (100) with a SQL `DEALLOCATE` unless libpq
 * is 17 or newer (then a protocol-level Close): a statement-keeping pooler forwards the SQL one
 * untracked, and the next use fails (DRIVER-FACTS.md, "Modern poolers"; measured here: pure psycopg
 * on libpq 15 through PgBouncer 1.24, 26000). The psycopg-binary wheel bundles its own libpq, 17 or
 * newer from psycopg 3.2.2; psycopg and psycopg[c] use the system's.
 */
export function psycopgLibpq(binary: Version | null): { v17: boolean; why: string } {
  if (binary && atLeast(binary, '3.2.2')) return { v17: true, why: `the psycopg-binary wheel ${showVersion(binary)} bundles libpq 17 or newer` };
  if (binary) return { v17: false, why: `the psycopg-binary wheel ${showVersion(binary)} bundles a libpq older than 17` };
  return { v17: false, why: 'no psycopg-binary wheel found: psycopg uses the system libpq, assumed older than 17 (Debian bookworm ships 15)' };
}
