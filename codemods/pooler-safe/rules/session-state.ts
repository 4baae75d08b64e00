import type { FileContext } from '../../../src/codemod/types.js';
import { sqlInCode } from '../../../src/verify/static/sql-in-code.js';
import type { Facts } from '../facts.js';

const RULE = 'pooler-safe';

/**
 * Session state in the code's SQL (LISTEN, session SET, advisory locks, temporary tables, WITH
 * HOLD): no setting makes it pooler-safe, so it is reported (no marker: the code is not wrong on a
 * direct or session-mode connection), the same places the audit warns about.
 */
export function sessionState(ctx: FileContext<Facts>): void {
  for (const w of sqlInCode(ctx.file.rel, ctx.file.text).warnings) {
    ctx.followUp(w.offset, RULE, `session state (${w.kind}): a transaction pooler does not keep it for this client; run it on a direct or session-mode connection (${w.text})`, { marker: false });
  }
}
