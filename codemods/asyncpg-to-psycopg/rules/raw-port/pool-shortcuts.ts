import { lineStart } from '../../../../src/codemod/layout.js';
import type { Node } from '../../../../src/languages/python/parser.js';
import { descendants } from '../../../../src/languages/python/syntax.js';
import { awaitOf, type PortContext } from './plan.js';
import { queryPort } from './queries.js';
import { splicedText } from './splices.js';

/**
 * `rows = await pool.fetch(q, a)`: psycopg's pool has no query shortcuts, so the statement runs
 * inside `async with pool.connection() as conn:`, as asyncpg's shortcut did (acquire, run, release).
 * Only whole statements are wrapped (an expression statement, an assignment, a return); a shortcut
 * elsewhere in an expression is flagged.
 */
export function poolShortcut(ctx: PortContext, call: Node, recvNode: Node, method: string): void {
  const aw = awaitOf(call);
  const stmt = aw ? statementOf(aw) : null;
  if (!stmt) return ctx.flag(call, `pool.${method}() left as is: psycopg's pool has no query shortcuts; write async with pool.connection() as conn: and run the query on conn`, `pool.${method}()`);
  // Another shortcut in the same statement: one wrap would hold two acquisitions' worth of work.
  const others = [...descendants(stmt, 'call')].filter((c) => c.id !== call.id && /\.(fetch|fetchrow|fetchval|execute|executemany)$/.test(c.childForFieldName('function')?.text ?? '') && ctx.kindOf(c.childForFieldName('function')!.childForFieldName('object')) === 'pool');
  if (others.length) return ctx.flag(call, `pool.${method}() left as is: several pool shortcuts in one statement; acquire one connection with async with pool.connection() as conn: and run them on it`, `pool.${method}()`);
  const conn = ctx.freshName(stmt, 'conn');
  const q = queryPort(ctx, call, conn);
  if ('why' in q) return ctx.flag(call, `pool.${method}() left as is: ${q.why}`, `pool.${method}()`);
  const indent = ctx.indentOf(stmt);
  const inner = ctx.deeper(indent);
  const ls = lineStart(ctx.text, stmt.startIndex);
  // The statement's own text with the call ported, each of its lines one level deeper (not lines inside a string).
  const body = splicedText(ctx.input.root, ctx.text, stmt.startIndex, stmt.endIndex, q.splices, ctx.deeper(''));
  ctx.edit({ startIndex: ls, endIndex: stmt.endIndex }, `${indent}async with ${recvNode.text}.connection() as ${conn}:${ctx.input.eol}${inner}${body}`, `pool.${method}() -> a connection from the pool, then the query`);
  ctx.ported(call);
}

function statementOf(aw: Node): Node | null {
  let cur = aw;
  while (cur.parent && (cur.parent.type === 'parenthesized_expression')) cur = cur.parent;
  const p = cur.parent;
  if (!p) return null;
  if (p.type === 'expression_statement' || p.type === 'return_statement') return p.parent?.type === 'block' || p.parent?.type === 'module' ? p : null;
  if (p.type === 'assignment' && p.childForFieldName('right')?.id === cur.id && p.parent?.type === 'expression_statement') return p.parent.parent?.type === 'block' ? p.parent : null;
  return null;
}
