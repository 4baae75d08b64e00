import type { OptionValue } from './asyncpg.js';
import { prepareThresholdPolicy } from './psycopg.js';
import type { PreparePolicy } from './policy.js';
import { VERSION_FACTS, atLeast, showVersion, type Version } from './versions.js';

/**
 * One function per driver: from the settings seen (and the versions found) to a policy with its
 * reason. Every "unknown" input gives an "unknown" policy: nothing unresolved is ever called safe.
 * Sources: DRIVER-FACTS.md §0-§2 and "Measured here".
 */

const intOf = (v: OptionValue | undefined): number | null | 'unknown' => {
  if (v === undefined) return null;
  if (v.type === 'int') return v.n;
  if (v.type === 'str' && /^\d+$/.test(v.s)) return Number(v.s);
  return 'unknown';
};

/** asyncpg connect()/create_pool(): statement_cache_size (default 100) decides. */
export function asyncpgPolicy(cache: OptionValue | undefined): PreparePolicy {
  const n = intOf(cache);
  if (n === 'unknown') return { kind: 'unknown', why: 'statement_cache_size cannot be read statically' };
  if (n === 0) return { kind: 'never', why: 'statement_cache_size=0: fetch/execute use the unnamed statement (asyncpg >= 0.10)' };
  return { kind: 'named-immediately', why: `statement_cache_size=${n ?? '100 (default)'}: every query becomes a named __asyncpg_stmt_N__ statement` };
}

/** asyncpg Connection.prepare(): named before 0.31; unnamed on 0.31+ when the cache is off. */
export function asyncpgExplicitPreparePolicy(version: Version | null): PreparePolicy {
  if (version && atLeast(version, VERSION_FACTS.asyncpgUnnamedPrepare)) {
    return { kind: 'unknown', why: `asyncpg ${showVersion(version)}: prepare() is unnamed only while the connection's statement cache is off` };
  }
  return { kind: 'named-immediately', why: `Connection.prepare() always creates a named statement before asyncpg ${VERSION_FACTS.asyncpgUnnamedPrepare}${version ? ` (found ${showVersion(version)})` : ' (no asyncpg version found)'}` };
}

/**
 * asyncpg copy_records_to_table(): its column introspection used a named statement whatever the
 * cache size before 0.31 (#1219); 0.31 made it unnamed with the cache off, but #1294 still reports
 * errors (DRIVER-FACTS.md, asyncpg). No version found is unknown, never safe.
 */
export function asyncpgCopyRecordsPolicy(version: Version | null): PreparePolicy {
  if (!version) return { kind: 'unknown', why: `copy_records_to_table() uses a named statement before asyncpg ${VERSION_FACTS.asyncpgUnnamedPrepare}, and no asyncpg version was found` };
  if (!atLeast(version, VERSION_FACTS.asyncpgUnnamedPrepare)) return { kind: 'named-immediately', why: `copy_records_to_table() uses a named statement even with statement_cache_size=0 before asyncpg ${VERSION_FACTS.asyncpgUnnamedPrepare} (found ${showVersion(version)})` };
  return { kind: 'unknown', why: `asyncpg ${showVersion(version)}: copy_records_to_table() is unnamed with the cache off, but errors are still reported upstream (asyncpg #1294, unconfirmed)` };
}

export interface SqlalchemyAsyncpgSettings {
  /** SQLAlchemy's own cache of prepare() objects (URL or connect_args); default 100. */
  dialectCache: OptionValue | undefined;
  /** asyncpg's statement_cache_size in connect_args; default 100. */
  asyncpgCache: OptionValue | undefined;
  nameFunc: boolean;
  asyncpg: Version | null;
  sqlalchemy: Version | null;
}

/** SQLAlchemy's asyncpg dialect runs every statement through Connection.prepare(). */
export function sqlalchemyAsyncpgPolicy(s: SqlalchemyAsyncpgSettings): PreparePolicy {
  const a = intOf(s.asyncpgCache);
  const d = intOf(s.dialectCache);
  if (a === 'unknown' || d === 'unknown') return { kind: 'unknown', why: 'a statement cache size cannot be read statically' };
  if (a !== 0) return { kind: 'named-immediately', why: `asyncpg statement_cache_size=${a ?? '100 (default)'} in connect_args: named __asyncpg_stmt_N__ statements` };
  if (!s.asyncpg) {
    return { kind: 'unknown', why: `statement_cache_size=0, but whether SQLAlchemy's prepare() is named depends on asyncpg (named before ${VERSION_FACTS.asyncpgUnnamedPrepare}) and no asyncpg version was found` };
  }
  if (atLeast(s.asyncpg, VERSION_FACTS.asyncpgUnnamedPrepare)) {
    return { kind: 'never', why: `asyncpg ${showVersion(s.asyncpg)} with statement_cache_size=0: prepare() uses the unnamed statement` };
  }
  const nameFuncWorks = s.nameFunc && (!s.sqlalchemy || atLeast(s.sqlalchemy, VERSION_FACTS.sqlalchemyNameFunc));
  if (nameFuncWorks && d === 0) {
    return { kind: 'named-unique', why: `asyncpg ${showVersion(s.asyncpg)}: named statements, but prepared_statement_name_func gives unique names and prepared_statement_cache_size=0 never reuses them` };
  }
  return {
    kind: 'named-immediately',
    why: `asyncpg ${showVersion(s.asyncpg)} < ${VERSION_FACTS.asyncpgUnnamedPrepare}: SQLAlchemy's prepare() creates named statements even with statement_cache_size=0${d === 0 ? '' : `, and SQLAlchemy's cache (prepared_statement_cache_size=${d ?? '100 (default)'}) reuses them across transactions`}`,
  };
}

/** psycopg 3 (and SQLAlchemy's psycopg dialect): prepare_threshold, given as Python source text. */
export function psycopgPolicy(threshold: OptionValue | undefined): PreparePolicy {
  if (threshold === undefined) return prepareThresholdPolicy(undefined);
  if (threshold.type === 'none') return prepareThresholdPolicy('None');
  if (threshold.type === 'int') return prepareThresholdPolicy(String(threshold.n));
  if (threshold.type === 'str') return { kind: 'unknown', why: `prepare_threshold="${threshold.s}" is a string: psycopg raises TypeError on the first query` };
  return prepareThresholdPolicy(threshold.type === 'unknown' ? threshold.source : 'unknown');
}

export const PSYCOPG2_POLICY: PreparePolicy = { kind: 'never', why: 'psycopg2 interpolates parameters client-side; no server-side prepared statements' };
export const PG8000_POLICY: PreparePolicy = { kind: 'never', why: 'pg8000 executes with the unnamed statement inside the DB-API transaction' };

/** Django's PostgreSQL backend (psycopg 3): client-side binding by default, threshold None unless OPTIONS says otherwise. */
export function djangoPolicy(serverSideBinding: OptionValue | undefined, threshold: OptionValue | undefined): PreparePolicy {
  if (serverSideBinding === undefined || (serverSideBinding.type === 'bool' && !serverSideBinding.b)) {
    return { kind: 'never', why: 'Django uses client-side binding cursors unless OPTIONS["server_side_binding"] is True' };
  }
  if (serverSideBinding.type !== 'bool') return { kind: 'unknown', why: 'OPTIONS["server_side_binding"] cannot be read statically' };
  if (threshold === undefined) return { kind: 'never', why: 'server_side_binding=True, but Django sets prepare_threshold=None unless OPTIONS gives one' };
  return psycopgPolicy(threshold);
}

/** postgres.js: `prepare` (default true) decides; the URL's ?prepare=false works too. */
export function postgresJsPolicy(prepare: OptionValue | undefined): PreparePolicy {
  if (prepare === undefined) return { kind: 'named-immediately', why: 'postgres.js prepares named statements by default (prepare: true)' };
  if (prepare.type === 'bool') {
    return prepare.b
      ? { kind: 'named-immediately', why: 'prepare: true makes every query a named statement' }
      : { kind: 'never', why: 'prepare: false: unnamed statements only' };
  }
  if (prepare.type === 'str' && /^(true|false)$/.test(prepare.s)) return postgresJsPolicy({ type: 'bool', b: prepare.s === 'true' });
  return { kind: 'unknown', why: 'the prepare option cannot be read statically' };
}

/** node-postgres: unnamed unless a query config carries `name`. */
export const PG_POLICY: PreparePolicy = { kind: 'never', why: 'node-postgres sends unnamed statements unless a query has a name' };
export const PG_NAMED_POLICY: PreparePolicy = { kind: 'named-immediately', why: 'a query config with `name` is a named statement, kept per connection and never re-parsed' };

/** Prisma: the generation decides (DRIVER-FACTS.md §2). */
export function prismaPolicy(version: Version | null, adapter: boolean, pgbouncerParam: OptionValue | undefined): PreparePolicy {
  if (adapter || (version && atLeast(version, VERSION_FACTS.prismaAdapters))) {
    return adapter
      ? { kind: 'never', why: 'Prisma with @prisma/adapter-pg runs unnamed statements (a statementNameGenerator is reported as a site of its own)' }
      : { kind: 'unknown', why: `Prisma ${showVersion(version!)} needs a driver adapter; none was found` };
  }
  if (pgbouncerParam?.type === 'str' && pgbouncerParam.s === 'true') return { kind: 'never', why: 'pgbouncer=true turns off Prisma\'s named statements (s0, s1, ...)' };
  if (pgbouncerParam?.type === 'unknown') return { kind: 'unknown', why: 'the pgbouncer URL parameter cannot be read' };
  return { kind: 'named-immediately', why: `Prisma${version ? ` ${showVersion(version)}` : ''} uses named statements (s0, s1, ...) unless the URL has pgbouncer=true` };
}
