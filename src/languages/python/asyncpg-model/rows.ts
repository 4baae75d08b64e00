import type { Node } from '../parser.js';
import { descendants } from '../syntax.js';
import { enclosingFunction } from './scope.js';

/**
 * The psycopg row type a query's rows can be, proven from how they are used:
 * - `dict`: only read by key (`r["id"]`, `.get`, `.items()`, `dict(r)`);
 * - `tuple`: only read by position or unpacked, or not read at all (psycopg's default);
 * - `record`: both, or rows that leave the function (returned, passed on, stored), where no use
 *   can be proven: a Record-compatible row keeps every asyncpg behaviour.
 */
export type RowShape = 'dict' | 'tuple' | 'record';

type Use = 'key' | 'index' | 'neutral' | 'escape';

/** `rows`/`row`: what `await conn.fetch(...)` (many) or `fetchrow(...)` (one) gives, used from `awaited`. */
export function rowShape(awaited: Node, many: boolean): RowShape {
  const uses: Use[] = [];
  if (many) rowsUses(awaited, uses);
  else rowUses(awaited, uses);
  if (uses.includes('escape')) return 'record';
  const key = uses.includes('key');
  const index = uses.includes('index');
  if (key && index) return 'record';
  return key ? 'dict' : 'tuple';
}

/** The row shape of `async for r in <iterable>` / `for r in rows`: the uses of `r` in the body. */
export function loopRowShape(loop: Node): RowShape {
  const uses: Use[] = [];
  loopTargetUses(loop, uses);
  if (uses.includes('escape')) return 'record';
  const key = uses.includes('key');
  const index = uses.includes('index');
  if (key && index) return 'record';
  return key ? 'dict' : 'tuple';
}

const up = (n: Node): Node => {
  let cur = n;
  while (cur.parent?.type === 'parenthesized_expression') cur = cur.parent;
  return cur;
};

/** Uses of an expression's value: bound to a name (then every read of it), or consumed in place. */
function valueUses(expr: Node, uses: Use[], each: (value: Node, uses: Use[]) => void): void {
  const v = up(expr);
  const p = v.parent;
  if (p?.type === 'assignment' && p.childForFieldName('right')?.id === v.id && p.childForFieldName('left')?.type === 'identifier' && !p.childForFieldName('type')) {
    const name = p.childForFieldName('left')!.text;
    const scope = enclosingFunction(p);
    if (!scope) return void uses.push('escape');
    const reads = [...descendants(scope, 'identifier')].filter((i) => i.text === name && i.id !== p.childForFieldName('left')!.id && enclosingFunction(i)?.id === scope.id);
    // Rebound or deleted elsewhere: what a read sees is no longer provably this query's rows.
    if (reads.some((i) => isBinding(i))) return void uses.push('escape');
    for (const r of reads) each(r, uses);
    return;
  }
  each(v, uses);
}

function isBinding(ident: Node): boolean {
  const p = ident.parent;
  if (!p) return false;
  if ((p.type === 'assignment' || p.type === 'augmented_assignment') && p.childForFieldName('left')?.id === ident.id) return true;
  if ((p.type === 'for_statement' || p.type === 'for_in_clause') && p.childForFieldName('left')?.id === ident.id) return true;
  if (p.type === 'pattern_list' || p.type === 'tuple_pattern' || p.type === 'delete_statement' || p.type === 'as_pattern_target' || p.type === 'global_statement' || p.type === 'nonlocal_statement') return true;
  return false;
}

function rowsUses(expr: Node, uses: Use[]): void {
  valueUses(expr, uses, (value, u) => {
    const v = up(value);
    const p = v.parent;
    if (!p) return void u.push('escape');
    if (neutral(v)) return void u.push('neutral');
    // for r in rows / [f(r) for r in rows]
    if ((p.type === 'for_statement' || p.type === 'for_in_clause') && p.childForFieldName('right')?.id === v.id) return loopTargetUses(p, u);
    // rows[0]["id"], rows[-1][0]
    if (p.type === 'subscript' && p.childForFieldName('value')?.id === v.id && /^-?\d+$/.test(subscriptIndex(p)?.text ?? '')) return oneRow(p, u);
    u.push('escape');
  });
}

function rowUses(expr: Node, uses: Use[]): void {
  valueUses(expr, uses, oneRow);
}

function loopTargetUses(loop: Node, uses: Use[]): void {
  const left = loop.childForFieldName('left');
  if (left?.type !== 'identifier') {
    // for a, b in rows: unpacked by position
    return void uses.push(left?.type === 'pattern_list' || left?.type === 'tuple_pattern' ? 'index' : 'escape');
  }
  const body = loop.type === 'for_in_clause' ? loop.parent : loop.childForFieldName('body');
  if (!body) return void uses.push('escape');
  for (const i of descendants(body, 'identifier')) {
    if (i.text !== left.text || i.id === left.id) continue;
    if (isBinding(i)) return void uses.push('escape');
    oneRow(i, uses);
  }
}

/** One row's use at `value`. */
function oneRow(value: Node, uses: Use[]): void {
  const v = up(value);
  const p = v.parent;
  if (!p) return void uses.push('escape');
  if (neutral(v)) return void uses.push('neutral');
  if (p.type === 'subscript' && p.childForFieldName('value')?.id === v.id) {
    const idx = subscriptIndex(p);
    if (idx?.type === 'string') return void uses.push('key');
    if (idx?.type === 'integer' || idx?.type === 'unary_operator' || idx?.type === 'slice') return void uses.push('index');
    return void uses.push('escape');
  }
  if (p.type === 'attribute' && p.childForFieldName('object')?.id === v.id) {
    const m = p.childForFieldName('attribute')!.text;
    if (/^(get|keys|items|values)$/.test(m) && p.parent?.type === 'call') return void uses.push('key');
    return void uses.push('escape');
  }
  if (p.type === 'argument_list' && p.namedChildren.length === 1) {
    const fn = p.parent?.childForFieldName('function')?.text;
    if (fn === 'dict') return void uses.push('key');
    if (fn === 'tuple' || fn === 'list') return void uses.push('index');
    if (fn === 'len' || fn === 'bool') return void uses.push('neutral');
  }
  if ((p.type === 'for_statement' || p.type === 'for_in_clause') && p.childForFieldName('right')?.id === v.id) return void uses.push('index');
  if (p.type === 'assignment' && p.childForFieldName('right')?.id === v.id && /pattern_list|tuple_pattern/.test(p.childForFieldName('left')?.type ?? '')) return void uses.push('index');
  uses.push('escape');
}

/** `x is None`, `if x`, `not x`, `x is not None and ...`: tests that read no field. */
function neutral(v: Node): boolean {
  const p = v.parent;
  if (!p) return false;
  if (p.type === 'not_operator') return true;
  if (p.type === 'comparison_operator') return /\bis\b/.test(p.text) && p.namedChildren.some((c) => c?.type === 'none');
  if ((p.type === 'if_statement' || p.type === 'elif_clause' || p.type === 'while_statement') && p.childForFieldName('condition')?.id === v.id) return true;
  // `a if row else b`: the condition is the middle part.
  if (p.type === 'conditional_expression' && p.namedChildren[1]?.id === v.id) return true;
  if (p.type === 'boolean_operator') return p.parent?.type === 'if_statement' || p.parent?.type === 'not_operator' || p.parent?.type === 'elif_clause';
  return false;
}

function subscriptIndex(sub: Node): Node | null {
  const s = sub.childForFieldName('subscript');
  return s ?? null;
}
