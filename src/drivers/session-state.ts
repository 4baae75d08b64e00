/**
 * SQL that breaks, or misbehaves, behind a transaction pooler however the driver is configured
 * (DRIVER-FACTS.md, "Poolers" and "Modern poolers"): it leaves state on a server connection that
 * the next transaction on it may belong to another client. Shared by the observe mode (what was
 * sent) and the audit (what the code holds in its strings).
 */
export const SQL_PREPARE = /^\s*(PREPARE|EXECUTE|DEALLOCATE)\b/i;

export const SESSION_STATE: readonly [string, RegExp][] = [
  ['SET without LOCAL', /^\s*SET\s+(?!LOCAL\b)(SESSION\s+)?(?!TRANSACTION\b)\w/i],
  ['LISTEN', /^\s*LISTEN\b/i],
  ['advisory lock', /\bpg_(try_)?advisory_lock\s*\(/i],
  ['temporary table', /\bCREATE\s+(GLOBAL\s+|LOCAL\s+)?TEMP(ORARY)?\s+TABLE\b/i],
  ['WITH HOLD cursor', /\bDECLARE\b[\s\S]*\bWITH\s+HOLD\b/i],
];

/**
 * SQL-level prepared statements in code: `PREPARE name AS ...` and `DEALLOCATE` are unambiguous
 * (`EXECUTE` alone is also PL/pgSQL's dynamic SQL). A pooler forwards them as text and tracks
 * nothing, so they break on every pooler in transaction mode, modern ones included.
 */
export const SQL_PREPARE_IN_CODE = /^\s*(PREPARE\s+\w+\s*(\([^)]*\))?\s+AS\b|DEALLOCATE\b(?!\s+(PREPARE\s+)?ALL\b))/i;

/**
 * `DEALLOCATE ALL` / `DISCARD ALL`: harmless on a pooler that keeps no named statements, but
 * PgBouncer 1.21 forwarded them without clearing its own tracking (handled since 1.22; see
 * drivers/poolers.ts).
 */
export const DEALLOCATE_ALL = /^\s*(DEALLOCATE\s+(PREPARE\s+)?ALL|DISCARD\s+ALL)\s*(;|$)/i;

/**
 * The same session state, as it reads in code strings, where prose also lives ("Set your
 * password", "Listen to this"): only SQL-shaped statements count.
 */
export const SESSION_STATE_IN_CODE: readonly [string, RegExp][] = [
  ['SET without LOCAL', /^\s*SET\s+(SESSION\s+)?(ROLE\s+\w|TIME\s+ZONE\s|SCHEMA\s+'|(search_path|timezone|datestyle|statement_timeout|lock_timeout|work_mem|application_name|[a-z]+[._][a-z0-9_.]*)\s*(=|\bTO\b))/i],
  ['LISTEN', /^\s*LISTEN\s+("[^"]+"|\w+)\s*(;|$)/i],
  ['advisory lock', /\bpg_(try_)?advisory_lock\s*\(/i],
  ['temporary table', /\bCREATE\s+(GLOBAL\s+|LOCAL\s+)?TEMP(ORARY)?\s+TABLE\b/i],
  ['WITH HOLD cursor', /\bDECLARE\b[\s\S]*\bWITH\s+HOLD\b/i],
];
