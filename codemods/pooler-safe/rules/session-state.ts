import type { FileContext } from '../../../src/codemod/types.js';
import { sqlInCode } from '../../../src/verify/static/sql-in-code.js';
import { gate } from '../endpoint.js';
import type { Facts } from '../facts.js';

const RULE = 'pooler-safe';

/**
 * Session state in the code's SQL (LISTEN, session SET, advisory locks, temporary tables, WITH
 * HOLD): no setting makes it pooler-safe, so it is reported (no marker: the code is not wrong on a
 * direct or session-mode connection), the same places the audit warns about.
 */
export function sessionState(ctx: FileContext<Facts>): void {
  const found = sqlInCode(ctx.file.rel, ctx.file.text);
  // SQL PREPARE/EXECUTE is wrong behind any transaction pooler, statement-keeping ones included: no setting fixes it.
  for (const s of found.sites) {
    if (s.keepingNeeds === 'deallocate-all' || !gate(ctx, 'sql-prepare', `SQL-level PREPARE (${s.settings[0]})`, s.offset)) continue;
    ctx.followUp(s.offset, RULE, `SQL-level PREPARE/EXECUTE/DEALLOCATE (${s.settings[0]!.replace(/^SQL: /, '')}): a transaction pooler forwards it untracked, so EXECUTE can reach a server connection that never saw the PREPARE; run the statement directly with parameters`);
  }
  for (const w of found.warnings) {
    if (!gate(ctx, 'session-state', `session state (${w.kind})`, w.offset)) continue;
    ctx.followUp(w.offset, RULE, `session state (${w.kind}): a transaction pooler does not keep it for this client; run it on a direct or session-mode connection (${w.text})`, { marker: false });
  }
}
