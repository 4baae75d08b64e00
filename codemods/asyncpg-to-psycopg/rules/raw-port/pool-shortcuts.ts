import { ASYNCPG_QUERY_METHODS } from '../../../../src/drivers/asyncpg-api.js';
import { lineStart } from '../../../../src/codemod/layout.js';
import type { Node } from '../../../../src/languages/python/parser.js';
import { descendants, inStringOrComment } from '../../../../src/languages/python/syntax.js';
import { awaitOf, type PortContext } from './plan.js';
import { queryPort } from './queries.js';

/**
 * `rows = await pool.fetch(q, a)`: psycopg's pool has no query shortcuts, so the statement runs
 * inside `async with pool.connection() as conn:`, as asyncpg's shortcut did (acquire, run, release).
 * Only whole statements are wrapped (an expression statement, an assignment, a return); a shortcut
 * elsewhere in an expression is flagged.
 *
 * `either`: the receiver may be a pool or a connection (`con = connection or self.pool`,
 * `Connection | Pool`). The block is `async with asyncpg_compat.connection_of(con) as conn:`, which
 * lends a pool's connection as the shortcut did and yields a connection itself, untouched: exact
 * for both at runtime, which no choice made here could be.
 */
export function poolShortcut(ctx: PortContext, call: Node, recvNode: Node, method: string, either = false): void {
  const aw = awaitOf(call);
  const stmt = aw ? statementOf(aw) : null;
  const what = either ? `${method}() on a pool or connection` : `pool.${method}()`;
  const write = either ? `async with ${recvNode.text}.connection() as conn: where it is a pool, or use the connection itself (asyncpg_compat.connection_of(${recvNode.text}) does both),` : 'async with pool.connection() as conn:';
  if (!stmt) return ctx.flag(call, `${what} left as is: psycopg's pool has no query shortcuts; write ${write} and run the query on conn`, what);
  // A receiver that is evaluated by the wrap, before the rest of the statement: only plain names.
  if (either && !/^[A-Za-z_][\w.]*$/.test(recvNode.text)) return ctx.flag(call, `${what} left as is: the receiver is not a plain name; write ${write} and run the query on conn`, what);
  // Another shortcut in the same statement: one wrap would hold two acquisitions' worth of work.
  const others = [...descendants(stmt, 'call')].filter((c) => c.id !== call.id && ASYNCPG_QUERY_METHODS.has(c.childForFieldName('function')?.childForFieldName('attribute')?.text ?? '') && /^(pool|either)$/.test(ctx.kindOf(c.childForFieldName('function')!.childForFieldName('object')) ?? ''));
  if (others.length) return ctx.flag(call, `${what} left as is: several pool shortcuts in one statement; acquire one connection with ${write} and run them on it`, what);
  const ls = lineStart(ctx.text, stmt.startIndex);
  const lineEnd = ctx.text.indexOf('\n', stmt.endIndex);
  // `if x: return await pool.fetch(q)`, `a = 1; rows = ...`: no block can start there.
  if (ctx.text.slice(ls, stmt.startIndex).trim() || !/^\s*(#.*)?$/.test(ctx.text.slice(stmt.endIndex, lineEnd < 0 ? undefined : lineEnd))) return ctx.flag(call, `${what} left as is: the statement shares its line with another; write ${write} and run the query on conn`, what);
  const conn = ctx.freshName(stmt, 'conn');
  const q = queryPort(ctx, call, conn);
  if ('why' in q) return ctx.flag(call, `${what} left as is: ${q.why}`, what);
  const source = either ? `${ctx.compat('connection_of')}(${recvNode.text})` : `${recvNode.text}.connection()`;
  const inner = ctx.deeper(ctx.indentOf(stmt));
  const unit = ctx.deeper('');
  ctx.insert(stmt.startIndex, `async with ${source} as ${conn}:${ctx.input.eol}${inner}`, either ? `${method}() on a pool or connection -> asyncpg_compat.connection_of()` : `pool.${method}() -> a connection from the pool`);
  // Every line of the statement one level deeper, the query's own too (it keeps its lines), except lines
  // inside a string and text a splice replaces; line breaks the port writes itself get the level too.
  const replaced = (at: number) => q.splices.some((sp) => sp.start < at && at < sp.end);
  const lineStarts = new Set<number>();
  for (let i = ctx.text.indexOf('\n', stmt.startIndex); i >= 0 && i + 1 < stmt.endIndex; i = ctx.text.indexOf('\n', i + 1)) {
    if (!replaced(i + 1) && !inStringOrComment(ctx.input.root, i + 1)) lineStarts.add(i + 1);
  }
  // Equal inserts at one offset are written once: an indentation splice at a line start takes the level itself.
  const splices = q.splices.map((sp) => {
    const text = sp.text.replace(/\n/g, `\n${unit}`);
    if (sp.start !== sp.end || !lineStarts.has(sp.start) || !/^[ \t]*$/.test(sp.text)) return { ...sp, text };
    lineStarts.delete(sp.start);
    return { ...sp, text: unit + text };
  });
  // Indentation first: a splice's text at the same line start goes after it.
  for (const at of lineStarts) ctx.insert(at, unit, 'one level deeper, inside the connection block');
  for (const sp of splices) ctx.splice(sp, `${method}() -> the query on that connection`);
  ctx.ported(call);
}

/**
 * The statement to wrap: the one the `await` is directly (an expression statement, an assignment, a
 * return), or one it sits deeper in (`return f(await pool.fetch(q), x)`, `[g(r) for r in await
 * pool.fetch(q)]`) when the wrap changes nothing the program can see: the query runs once and
 * unconditionally, nothing evaluated before it in the statement calls anything, and the statement
 * has no other await that could wait while the connection is held.
 */
function statementOf(aw: Node): Node | null {
  let cur = aw;
  while (cur.parent && (cur.parent.type === 'parenthesized_expression')) cur = cur.parent;
  const p = cur.parent;
  if (!p) return null;
  if (p.type === 'expression_statement' || p.type === 'return_statement') return p.parent?.type === 'block' || p.parent?.type === 'module' ? p : null;
  if (p.type === 'assignment' && p.childForFieldName('right')?.id === cur.id && p.parent?.type === 'expression_statement') return p.parent.parent?.type === 'block' ? p.parent : null;
  return nestedStatementOf(aw);
}

function nestedStatementOf(aw: Node): Node | null {
  for (let cur = aw, p = aw.parent; p; cur = p, p = p.parent) {
    if (p.type === 'expression_statement' || p.type === 'return_statement') {
      if (p.parent?.type !== 'block') return null;
      const waits = [...descendants(p, 'await'), ...descendants(p, 'yield')].filter((n) => n.isNamed && n.id !== aw.id);
      return waits.length || [...descendants(p, 'for_in_clause')].some((f) => /^async\b/.test(f.text)) ? null : p;
    }
    if (!runsOnceFirst(p, cur)) return null;
  }
  return null;
}

const IN_ORDER = /^(call|argument_list|keyword_argument|list|tuple|set|dictionary|pair|parenthesized_expression|binary_operator|unary_operator|not_operator|subscript|attribute|expression_list)$/;

/** `child` runs exactly once whenever `p` runs, and what of `p` runs before it calls nothing. */
function runsOnceFirst(p: Node, child: Node): boolean {
  const plainBefore = () => p.children.slice(0, p.children.findIndex((c) => c?.id === child.id)).every((c) => !c || (c.type !== 'call' && ![...descendants(c, 'call')].length && ![...descendants(c, 'named_expression')].length));
  switch (p.type) {
    // Only the first `for ... in X` of a comprehension runs once, before anything else in it.
    case 'list_comprehension':
    case 'set_comprehension':
    case 'dictionary_comprehension':
      return p.namedChildren.find((c) => c?.type === 'for_in_clause')?.id === child.id;
    case 'for_in_clause':
      return p.childForFieldName('right')?.id === child.id && !/^async\b/.test(p.text);
    case 'boolean_operator':
      return p.childForFieldName('left')?.id === child.id;
    case 'comparison_operator':
      return p.namedChildren[0]?.id === child.id;
    case 'conditional_expression':
      return p.namedChildren[1]?.id === child.id; // `a if c else b` runs `c` first
    case 'assignment':
      return p.childForFieldName('right')?.id === child.id;
    default:
      return IN_ORDER.test(p.type) && plainBefore();
  }
}
