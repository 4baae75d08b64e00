import { LIBPQ_KEYWORDS, LIBPQ_SSLMODES } from './libpq.js';
import { PREPARE_THRESHOLD_OFF, PSYCOPG_CONNECT_KWARGS } from './psycopg.js';
import { ASYNCPG_DIALECT_OPTIONS } from './sqlalchemy.js';

/**
 * asyncpg connect() options and what each becomes under psycopg 3 / libpq.
 * Sources: asyncpg API docs (connect), DRIVER-FACTS.md §1 ("asyncpg", "URL / query-parameter
 * differences", "SQLAlchemy dialects").
 */

/** A value as found in code or a URL: a literal we can read, or something we cannot resolve. */
export type OptionValue =
  | { type: 'int'; n: number }
  | { type: 'float'; n: number }
  | { type: 'str'; s: string }
  | { type: 'bool'; b: boolean }
  | { type: 'none' }
  | { type: 'unknown'; source: string };

/** A value to write. */
export type NewValue = { type: 'none' } | { type: 'int'; n: number } | { type: 'str'; s: string };

export type Where = 'url' | 'connect_args';

export type Translation =
  | { action: 'keep' }
  | { action: 'replace'; entries: { key: string; value: NewValue }[]; note: string }
  | { action: 'remove'; note: string; followUp?: string }
  | { action: 'flag'; followUp: string };

/** Keys that mean the same thing to asyncpg and libpq, so they are kept as they are. */
const SAME_IN_LIBPQ = new Set(['host', 'port', 'user', 'password', 'passfile', 'target_session_attrs', 'krbsrvname', 'gsslib']);

/** asyncpg statement-cache tuning with no psycopg meaning. */
const CACHE_TUNING = new Set(['max_cached_statement_lifetime', 'max_cacheable_statement_size']);

const show = (v: OptionValue): string => {
  switch (v.type) {
    case 'int':
    case 'float':
      return String(v.n);
    case 'str':
      return JSON.stringify(v.s);
    case 'bool':
      return v.b ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'unknown':
      return v.source;
  }
};

/** Reads URL query text as the value asyncpg would receive (SQLAlchemy passes URL values as strings). */
export function urlValue(raw: string): OptionValue {
  if (/[{}$]/.test(raw)) return { type: 'unknown', source: raw };
  try {
    return { type: 'str', s: decodeURIComponent(raw.replace(/\+/g, ' ')) };
  } catch {
    return { type: 'unknown', source: raw };
  }
}

const numberOf = (v: OptionValue): number | null => {
  if (v.type === 'int' || v.type === 'float') return v.n;
  if (v.type === 'str' && /^\d+(\.\d+)?$/.test(v.s)) return Number(v.s);
  return null;
};

/** Translates one asyncpg option (from connect_args or a URL query) for psycopg 3. */
export function translateAsyncpgOption(key: string, value: OptionValue, where: Where): Translation {
  if (key === 'statement_cache_size') {
    if (where === 'url') {
      return {
        action: 'remove',
        note: 'statement_cache_size removed from the URL (asyncpg received it as a string, which it rejects; psycopg rejects the key)',
        followUp: `statement_cache_size was set in a URL; psycopg needs connect_args={"prepare_threshold": ${PREPARE_THRESHOLD_OFF}} on the engine to disable prepared statements`,
      };
    }
    const n = numberOf(value);
    if (n === 0 && value.type !== 'str') {
      return {
        action: 'replace',
        entries: [{ key: 'prepare_threshold', value: { type: 'none' } }],
        note: 'statement_cache_size=0 becomes prepare_threshold=None (None disables prepared statements; 0 would prepare every query)',
      };
    }
    if (n !== null && n > 0) {
      // The migrated engine must not prepare at all (the codemod's promise); a team whose endpoint
      // keeps named statements can raise it again knowingly.
      return {
        action: 'replace',
        entries: [{ key: 'prepare_threshold', value: { type: 'none' } }],
        note: `statement_cache_size=${n} becomes prepare_threshold=None: psycopg would otherwise prepare a query after 5 runs, which breaks behind a transaction pooler`,
      };
    }
    return { action: 'flag', followUp: `statement_cache_size=${show(value)} cannot be read statically; replace it with "prepare_threshold": ${PREPARE_THRESHOLD_OFF} if it disables the cache` };
  }
  if (ASYNCPG_DIALECT_OPTIONS.has(key) || CACHE_TUNING.has(key)) {
    return { action: 'remove', note: `${key} removed (asyncpg-only option; psycopg has no equivalent)` };
  }
  if (key === 'command_timeout') {
    const n = numberOf(value);
    const suggestion = n !== null ? `"options": "-c statement_timeout=${Math.round(n * 1000)}"` : '"options": "-c statement_timeout=<milliseconds>"';
    const shown = n !== null ? String(n) : show(value);
    return {
      action: 'remove',
      note: `command_timeout=${shown} removed (libpq rejects it)`,
      followUp: `asyncpg command_timeout=${shown} (client-side, seconds) was removed: psycopg has no equivalent. If you need a limit, consider ${suggestion} (server-side, per statement, milliseconds): the semantics differ`,
    };
  }
  if (key === 'ssl') {
    const s = value.type === 'str' ? value.s.toLowerCase() : value.type === 'bool' ? String(value.b) : null;
    const mode = s === null ? null : LIBPQ_SSLMODES.has(s) ? s : s === 'true' ? 'require' : s === 'false' ? 'disable' : null;
    if (mode) return { action: 'replace', entries: [{ key: 'sslmode', value: { type: 'str', s: mode } }], note: `ssl=${show(value)} becomes libpq sslmode=${mode}` };
    return { action: 'flag', followUp: `ssl=${show(value)} has no direct libpq equivalent; use sslmode/sslrootcert/sslcert/sslkey` };
  }
  if (key === 'timeout') {
    const n = numberOf(value);
    if (n !== null) return { action: 'replace', entries: [{ key: 'connect_timeout', value: { type: 'int', n: Math.max(1, Math.ceil(n)) } }], note: `timeout=${show(value)} becomes libpq connect_timeout (whole seconds)` };
    return { action: 'flag', followUp: `timeout=${show(value)} cannot be read statically; libpq calls it connect_timeout (whole seconds)` };
  }
  if (key === 'database') {
    if (value.type === 'unknown') return { action: 'flag', followUp: 'database= is called dbname in libpq' };
    return { action: 'replace', entries: [{ key: 'dbname', value: value.type === 'int' ? { type: 'int', n: value.n } : { type: 'str', s: value.type === 'str' ? value.s : show(value) } }], note: 'database becomes libpq dbname' };
  }
  if (key === 'direct_tls') {
    return { action: 'flag', followUp: 'direct_tls: libpq 17+ calls this sslnegotiation=direct (needs sslmode=require or stronger)' };
  }
  if (key === 'prepare_threshold') {
    if (where === 'url') {
      return {
        action: 'remove',
        note: 'prepare_threshold removed from the URL (libpq rejects it)',
        followUp: `prepare_threshold cannot be a URL parameter; set connect_args={"prepare_threshold": ${PREPARE_THRESHOLD_OFF}} on the engine`,
      };
    }
    if (value.type === 'int' && value.n === 0) {
      return {
        action: 'replace',
        entries: [{ key: 'prepare_threshold', value: { type: 'none' } }],
        note: 'prepare_threshold=0 becomes None: 0 prepares every query on its first run, None disables prepared statements (psycopg docs, "Prepared statements")',
      };
    }
    return { action: 'keep' };
  }
  if (key === 'server_settings') {
    // Structural: the caller expands the dict (see serverSettingsToLibpq).
    return { action: 'flag', followUp: 'server_settings could not be read as a literal dict of strings; move each entry to a libpq parameter or to options="-c name=value"' };
  }
  if (SAME_IN_LIBPQ.has(key) || LIBPQ_KEYWORDS.has(key) || (where === 'connect_args' && PSYCOPG_CONNECT_KWARGS.has(key))) {
    return { action: 'keep' };
  }
  return { action: 'flag', followUp: `${key} is not an option psycopg or libpq accepts; move or remove it by hand` };
}

/**
 * asyncpg `server_settings` are sent as startup parameters. With libpq, a parameter that is also
 * a libpq keyword (application_name) stays a keyword; every other one goes into `options` as
 * `-c name=value`, which the server applies at connection start.
 */
export function serverSettingsToLibpq(settings: readonly [string, string][]): { keywords: [string, string][]; options: [string, string][] } {
  const keywords: [string, string][] = [];
  const options: [string, string][] = [];
  for (const [k, v] of settings) {
    if (k === 'application_name' || k === 'client_encoding') keywords.push([k, v]);
    else options.push([k, v]);
  }
  return { keywords, options };
}

/**
 * connect() keys only asyncpg (or SQLAlchemy's asyncpg dialect) understands: their presence
 * identifies an engine as an asyncpg one even when its URL comes from settings.
 */
export const ASYNCPG_ONLY_CONNECT_KEYS: ReadonlySet<string> = new Set([
  'statement_cache_size', 'server_settings', 'command_timeout', 'prepared_statement_cache_size',
  'prepared_statement_name_func', 'max_cached_statement_lifetime', 'max_cacheable_statement_size',
  'direct_tls', 'record_class', 'connection_class',
]);
