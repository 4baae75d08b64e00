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

const lineAt = (text: string, off: number) => text.slice(0, off).split('\n').length;

/**
 * SQL held in string literals: SQL-level PREPARE/DEALLOCATE is a site that breaks on every
 * transaction pooler; DEALLOCATE ALL / DISCARD ALL one that matters on statement-keeping ones; LISTEN, session SET, advisory locks, temporary tables and WITH HOLD cursors
 * are warnings (the observe mode reports the same from the wire).
 */
export function sqlInCode(rel: string, text: string): { sites: (Site & { offset: number })[]; warnings: SessionWarning[] } {
  const sites: (Site & { offset: number })[] = [];
  const warnings: SessionWarning[] = [];
  for (const m of text.matchAll(STRINGS)) {
    const sql = m[1] ?? m[2] ?? m[3] ?? m[4] ?? m[5] ?? '';
    if (sql.length < 4) continue;
    const line = lineAt(text, m.index);
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
