import type { Node } from '../../../../src/languages/python/parser.js';
import { stringValue } from '../../../../src/languages/python/syntax.js';
import { callParts, type PortContext } from './plan.js';

const ISOLATION: Record<string, string> = { serializable: 'SERIALIZABLE', repeatable_read: 'REPEATABLE READ', read_committed: 'READ COMMITTED', read_uncommitted: 'READ UNCOMMITTED' };

/** `isolation=`, `readonly=`, `deferrable=` as SET TRANSACTION modes; null when a value is not a literal. */
function modes(keywords: Map<string, Node>): string[] | null {
  const out: string[] = [];
  for (const [k, v] of keywords) {
    if (k === 'isolation') {
      if (v.type === 'none') continue;
      const level = ISOLATION[stringValue(v) ?? ''];
      if (!level) return null;
      out.push(`ISOLATION LEVEL ${level}`);
    } else if (k === 'readonly' || k === 'deferrable') {
      if (v.type === 'false') continue;
      if (v.type !== 'true') return null;
      out.push(k === 'readonly' ? 'READ ONLY' : 'DEFERRABLE');
    } else return null;
  }
  return out;
}

/**
 * `conn.transaction(...)`: psycopg's transaction() is the same context manager (nested ones are
 * savepoints too) but takes no modes, so they become `SET TRANSACTION` as the block's first
 * statement, right after BEGIN. A transaction kept in a variable (`tr.start()`, `tr.commit()`)
 * becomes asyncpg_compat.Transaction, which has those methods.
 */
export function portTransaction(ctx: PortContext, call: Node, recv: Node): void {
  const { keywords, positional, opaque } = callParts(call);
  const m = opaque || positional.length ? null : modes(keywords);
  const item = call.parent?.type === 'as_pattern' ? call.parent.parent : call.parent;
  if (item?.type === 'with_item') {
    if (!keywords.size) return;
    const stmt = item.parent?.parent?.type === 'with_statement' ? item.parent.parent : null;
    const first = stmt?.childForFieldName('body')?.namedChildren[0] ?? null;
    const sameLine = first && ctx.text.slice(stmt!.startIndex, first.startIndex).indexOf('\n') < 0;
    if (!m || !first || sameLine || !/^(async\s+)?with\b/.test(stmt!.text)) return ctx.flag(call, 'transaction() modes left as is: psycopg\'s transaction() takes none; run SET TRANSACTION ISOLATION LEVEL ... / READ ONLY / DEFERRABLE as the first statement inside the block', 'transaction(modes)');
    ctx.edit(call.childForFieldName('arguments')!, '()', 'transaction modes -> SET TRANSACTION');
    if (m.length) ctx.insert(first.startIndex, `await ${recv.text}.execute("SET TRANSACTION ${m.join(', ')}")${ctx.input.eol}${ctx.indentOf(first)}`, `SET TRANSACTION ${m.join(', ')} (asyncpg's transaction modes)`);
    return ctx.ported(call);
  }
  const assign = call.parent?.type === 'assignment' && call.parent.childForFieldName('right')?.id === call.id ? call.parent : null;
  if (assign && m) {
    const args = call.childForFieldName('arguments')!.text.slice(1, -1).trim();
    ctx.edit(call, `${ctx.compat('Transaction')}(${recv.text}${args ? `, ${args}` : ''})`, 'a manual transaction -> asyncpg_compat.Transaction (start/commit/rollback as BEGIN/COMMIT/ROLLBACK)');
    return ctx.ported(call);
  }
  ctx.flag(call, 'transaction() left as is: in psycopg use async with conn.transaction(): ..., or asyncpg_compat.Transaction(conn) for start()/commit()/rollback()', 'transaction()');
}
