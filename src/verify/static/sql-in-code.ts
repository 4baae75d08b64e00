import { DEALLOCATE_ALL, SESSION_STATE_IN_CODE, SQL_PREPARE_IN_CODE } from '../../drivers/session-state.js';
import type { Site } from './site.js';

/** Session state a transaction pooler does not keep for the client, found in the code's SQL. */
export interface SessionWarning {
  path: string;
  line: number;
  /** Offset of the string in the file. */
  offset: number;
  kind: string;
  text: string;
}

// Python and JS string literals: triple-quoted, template, and one-line quoted strings.
const STRINGS = /"""([\s\S]*?)"""|'''([\s\S]*?)'''|`((?:\\.|[^`\\])*)`|"((?:\\.|[^"\\\n])*)"|'((?:\\.|[^'\\\n])*)'/g;

/**
 * What any of the patterns below needs somewhere in the text: a statement keyword right after a
 * quote (the anchored ones match at the start of a string), or a fragment the others contain.
 * Most files have none, and their strings need not be looked at.
 */
const MAY_HOLD_SQL = /["'`]\s*(PREPARE|DEALLOCATE|DISCARD|SET|LISTEN)\b|advisory_lock|TEMP(ORARY)?\s+TABLE|WITH\s+HOLD/i;

/**
 * SQL held in string literals: SQL-level PREPARE/DEALLOCATE is a site that breaks on every
 * transaction pooler; DEALLOCATE ALL / DISCARD ALL one that matters on statement-keeping ones; LISTEN, session SET, advisory locks, temporary tables and WITH HOLD cursors
 * are warnings (the observe mode reports the same from the wire).
 */
export function sqlInCode(rel: string, text: string): { sites: (Site & { offset: number })[]; warnings: SessionWarning[] } {
  const sites: (Site & { offset: number })[] = [];
  const warnings: SessionWarning[] = [];
  if (!MAY_HOLD_SQL.test(text)) return { sites, warnings };
  // Lines counted as the strings go by, not from the start for each one.
  let line = 1;
  let counted = 0;
  for (const m of text.matchAll(STRINGS)) {
    const sql = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '';
    if (sql.length < 4) continue;
    for (let at = text.indexOf('\n', counted); at !== -1 && at < m.index; at = text.indexOf('\n', at + 1)) line++;
    counted = m.index;
    const shown = sql.replace(/\s+/g, ' ').trim().slice(0, 80);
    const site = (what: Pick<Site, 'policy' | 'fix' | 'keepingPooler' | 'keepingNeeds'>) => sites.push({ path: rel, line, column: 1, offset: m.index, driver: 'sql', settings: [`SQL: ${shown}`], ...what });
    if (SQL_PREPARE_IN_CODE.test(sql)) {
      site({
        policy: { kind: 'named-immediately', why: 'SQL-level PREPARE/DEALLOCATE is sent as text: a pooler forwards it without tracking it, so a later EXECUTE can land on a server connection that never saw the statement (on every transaction pooler, statement-keeping ones included)' },
        fix: 'run the statement directly with parameters instead of PREPARE/EXECUTE/DEALLOCATE',
        keepingPooler: 'SQL-level PREPARE/DEALLOCATE is forwarded as text, untracked',
      });
    }
    if (DEALLOCATE_ALL.test(sql)) {
      site({
        policy: { kind: 'never', why: 'DEALLOCATE ALL / DISCARD ALL prepares nothing itself' },
        fix: 'on PgBouncer 1.21 with max_prepared_statements, upgrade to 1.22 or later (or drop the statement)',
        keepingPooler: 'DEALLOCATE ALL / DISCARD ALL is mishandled by PgBouncer 1.21 (statements it believes prepared are gone), handled since 1.22',
        keepingNeeds: 'deallocate-all',
      });
    }
    for (const [kind, re] of SESSION_STATE_IN_CODE) if (re.test(sql)) warnings.push({ path: rel, line, offset: m.index, kind, text: shown });
  }
  return { sites, warnings };
}
