import { ASYNCPG_API_ADVICE } from '../../../src/drivers/index.js';
import type { FileContext } from '../../../src/codemod/types.js';
import type { Node } from '../../../src/languages/python/parser.js';
import { descendants, enclosingStatement } from '../../../src/languages/python/syntax.js';
import { stringText } from '../../../src/languages/python/string-text.js';
import type { Facts } from '../facts.js';

const RULE = 'asyncpg-api';
const QUERY_METHODS = new Set(['fetch', 'fetchrow', 'fetchval', 'execute', 'executemany']);

/**
 * Raw asyncpg queries: fetch/fetchrow/fetchval/execute/executemany with `$n` placeholders, on
 * connections and pools that arrive from anywhere (self.pool, ctx.db). Their port changes how
 * rows, status strings and parameters work, so each file gets one follow-up that says what to
 * write, at its first such call; only in projects that use asyncpg, where `$n` SQL is asyncpg's.
 */
export async function rawQueries(ctx: FileContext<Facts>): Promise<void> {
  if (!ctx.facts.usesAsyncpg) return;
  const root = (await ctx.python()).rootNode;
  const receivers = asyncpgReceivers(root);
  const calls: Node[] = [];
  for (const call of descendants(root, 'call')) {
    const fn = call.childForFieldName('function');
    const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : null;
    if (!method || !QUERY_METHODS.has(method)) continue;
    const first = call.childForFieldName('arguments')?.namedChildren.find((a) => a && a.type !== 'keyword_argument') ?? null;
    const sql = stringText(first);
    // asyncpg's by its SQL ($n), its method names (fetchrow/fetchval exist nowhere else in the
    // drivers here), or its receiver (a connection or pool this file got from asyncpg).
    if ((sql !== null && /\$\d/.test(sql)) || method === 'fetchrow' || method === 'fetchval' || receivers.has(fn!.childForFieldName('object')!.text)) calls.push(call);
  }
  asyncpgOnlyCalls(ctx, root);
  if (!calls.length) return;
  calls.sort((a, b) => a.startIndex - b.startIndex);
  const first = calls[0]!;
  ctx.followUp(
    first.startIndex,
    RULE,
    `${calls.length} raw asyncpg quer${calls.length === 1 ? 'y' : 'ies'} in this file (fetch/fetchrow/fetchval/execute on asyncpg connections, $n placeholders) need${calls.length === 1 ? 's' : ''} porting: in psycopg run (await conn.execute(query, params)).fetchall() / .fetchone(), keep the $n SQL with cursor_factory=psycopg.AsyncRawCursor, read execute's status string from cursor.statusmessage, and use a row factory where rows are read by key`,
    { anchor: enclosingStatement(first).startIndex },
  );
}

/** Methods only asyncpg connections and pools have: on any receiver, in a project that uses asyncpg. */
const ASYNCPG_ONLY_METHODS = new Set(['set_type_codec', 'set_builtin_type_codec', 'reset_type_codec', 'add_listener', 'remove_listener', 'add_log_listener', 'copy_records_to_table', 'copy_to_table', 'copy_from_query', 'copy_from_table']);

function asyncpgOnlyCalls(ctx: FileContext<Facts>, root: Node): void {
  for (const call of descendants(root, 'call')) {
    const fn = call.childForFieldName('function');
    const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : null;
    const anchor = enclosingStatement(call).startIndex;
    if (method && ASYNCPG_ONLY_METHODS.has(method)) ctx.followUp(call.startIndex, RULE, ASYNCPG_API_ADVICE[method]!, { anchor });
    // `tr = conn.transaction(); await tr.start()`: psycopg's transaction is a context manager only.
    if (method === 'transaction' && call.parent?.type === 'assignment') {
      ctx.followUp(call.startIndex, RULE, 'a manual asyncpg transaction (tr.start()/commit()/rollback()) has no psycopg object: use async with conn.transaction(): ..., or send BEGIN/COMMIT/ROLLBACK on an autocommit connection', { anchor });
    }
  }
}

/**
 * Names and attributes this file binds to asyncpg connections and pools: `x = await
 * asyncpg.connect(...)`, `self.pool = await asyncpg.create_pool(...)`, and `async with
 * pool.acquire() as conn` (psycopg's pool has connection(), not acquire()).
 */
function asyncpgReceivers(root: Node): Set<string> {
  const out = new Set<string>();
  for (const a of descendants(root, 'assignment')) {
    let right = a.childForFieldName('right');
    if (right?.type === 'await') right = right.namedChildren[0] ?? null;
    const fn = right?.type === 'call' ? right.childForFieldName('function')?.text : null;
    if (fn && /(^|\.)asyncpg\.(connect|create_pool)$/.test(fn)) out.add(a.childForFieldName('left')!.text);
  }
  for (const item of descendants(root, 'with_item')) {
    const v = item.childForFieldName('value');
    if (v?.type === 'as_pattern') {
      const call = v.namedChildren[0];
      const target = v.childForFieldName('alias');
      if (call?.type === 'call' && /\.acquire$/.test(call.childForFieldName('function')?.text ?? '') && target) out.add(target.text.replace(/^\(|\)$/g, ''));
    }
  }
  return out;
}
