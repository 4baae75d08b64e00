import { psycopgLibpq } from '../../src/drivers/index.js';
import type { EndpointContext, FileContext } from '../../src/codemod/types.js';
import type { Facts } from './facts.js';

/**
 * What an edit protects against, so that `pooler-safe --url` writes only what the given
 * endpoint needs (DRIVER-FACTS.md, "Modern poolers"):
 * - `named-off`: protocol-level named statements (asyncpg's cache, psycopg's threshold, postgres.js
 *   `prepare`, pg `name`, Prisma `pgbouncer=true`): needed where server connections are shared and
 *   the pooler does not keep named statements;
 * - `psycopg-eviction`: psycopg on libpq < 17 evicts by SQL DEALLOCATE, which breaks even a pooler
 *   that keeps named statements, unless the probe saw SQL DEALLOCATE work there;
 * - `sql-prepare`, `session-state`, `direct-url`: SQL PREPARE, session state and Prisma Migrate
 *   break on every pooler that shares server connections.
 */
export type Need = 'named-off' | 'psycopg-eviction' | 'sql-prepare' | 'session-state' | 'direct-url';

/** The endpoint given with --url, as the live probes saw it. */
export interface EndpointFacts extends EndpointContext {
  /** Report lines, one per change considered: why it is written, or why it is left out. */
  reasons: string[];
}

export function needed(e: EndpointFacts | undefined, need: Need): { needed: boolean; why: string } {
  if (!e) return { needed: true, why: 'safe for any pooler (no --url)' };
  const p = e.probe;
  if (p.sharing === 'not-shared') return { needed: false, why: 'the endpoint gives each client its own server connection' };
  if (p.keepsNamed !== true) return { needed: true, why: p.sharing === 'shared' ? 'the endpoint shares server connections and does not keep named statements' : 'the endpoint could not be shown to keep each client on one server connection' };
  switch (need) {
    case 'named-off':
      return { needed: false, why: 'the pooler keeps protocol-level named statements' };
    case 'psycopg-eviction':
      return p.sqlDeallocate === 'works' ? { needed: false, why: 'the pooler keeps named statements and handles SQL DEALLOCATE' } : { needed: true, why: `psycopg evicts its cache by SQL DEALLOCATE on libpq < 17, which ${p.sqlDeallocate === 'breaks' ? 'failed on this endpoint' : 'was not tested on this endpoint'}` };
    default:
      return { needed: true, why: 'the pooler shares server connections' };
  }
}

/** True when the change is needed on this endpoint; with --url, the report says why either way. */
export function gate(ctx: FileContext<Facts>, need: Need, what: string, offset: number): boolean {
  const e = ctx.facts.endpoint;
  const n = needed(e, need);
  if (e) e.reasons.push(`${n.needed ? 'needed' : 'not needed'} on ${e.where}: ${ctx.file.rel}:${ctx.file.text.slice(0, offset).split('\n').length} ${what} (${n.why})`);
  return n.needed;
}

/** psycopg's need in this file: on libpq 17+ (or with prepared_max=None) only named statements matter. */
export function psycopgNeed(ctx: FileContext<Facts>): Need {
  if (/\.prepared_max\s*=\s*None\b/.test(ctx.file.text)) return 'named-off';
  const binary = ctx.facts.versions.find('psycopg-binary', ctx.file.rel);
  return psycopgLibpq(binary?.version ?? null).v17 ? 'named-off' : 'psycopg-eviction';
}

/** One line on what the probes saw, for the report. */
export function describeEndpoint(e: EndpointFacts): string {
  const p = e.probe;
  const pooling = p.sharing === 'not-shared' ? 'each client keeps its own server connection' : p.sharing === 'shared' ? 'server connections are shared per transaction' : 'pooling could not be told';
  const named = p.sharing === 'not-shared' ? '' : p.keepsNamed === true ? `; the pooler keeps named statements${p.sqlDeallocate ? ` (SQL DEALLOCATE ${p.sqlDeallocate === 'breaks' ? 'fails there' : 'works there'})` : ''}` : '; named statements are not kept';
  return `endpoint ${e.where}: ${pooling}${named}; only what it needs is written`;
}
