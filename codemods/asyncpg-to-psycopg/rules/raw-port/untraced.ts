import { ASYNCPG_ONLY_METHODS } from '../../../../src/drivers/asyncpg-api.js';
import { ASYNCPG_COMPAT_NAME } from '../../../../src/drivers/data/asyncpg-compat-module.js';
import { enclosingFunction } from '../../../../src/languages/python/asyncpg-model/scope.js';
import type { Node } from '../../../../src/languages/python/parser.js';
import { descendants } from '../../../../src/languages/python/syntax.js';
import { assignedValues, callParts } from './plan.js';

/**
 * A call on a receiver the model could not trace that still reads as asyncpg's: one of asyncpg's
 * own method names, or fetch/execute of `$n` SQL. Calls on what the port writes (psycopg's side)
 * are not, so a second run over ported code finds nothing to hold back.
 */
export function asyncpgStyle(root: Node, call: Node, recv: Node, method: string): boolean {
  if (!ASYNCPG_ONLY_METHODS.has(method) && !(/^(fetch|execute|executemany)$/.test(method) && dollarSql(root, callParts(call).positional[0]))) return false;
  return !psycopgSide(recv);
}

/**
 * The query argument is asyncpg's `$n` SQL: a string literal (f-strings too: `id=${n}`), or a name
 * the same function (or the module) assigns such a literal.
 */
function dollarSql(root: Node, q: Node | undefined): boolean {
  const dollar = (n: Node | null | undefined) => !!n && /string/.test(n.type) && /\$(\d|\{)/.test(n.text) && (/\$\d/.test(n.text) || /^[rRbBuU]*[fF]/.test(n.text));
  if (q?.type !== 'identifier') return dollar(q);
  return assignedValues(enclosingFunction(q) ?? root, q.text).some(dollar);
}

/** `X.connection()`, `X.getconn()`: psycopg's, which no asyncpg pool or connection has; psycopg's connect; the compat module's objects. */
const PSYCOPG_SOURCE = new RegExp(`(\\.connection|\\.getconn|^psycopg\\.AsyncConnection\\.connect|^${ASYNCPG_COMPAT_NAME}\\.(connection_of|PreparedStatement))$`);

/**
 * Receivers no asyncpg object can be: `conn.cursor(...)` (asyncpg's cursor() makes nothing with
 * execute or fetch), the compat module, and names every binding of which is psycopg's (a block
 * over `pool.connection()`, `await pool.getconn()`, `await psycopg.AsyncConnection.connect()`, a psycopg annotation).
 */
function psycopgSide(recv: Node): boolean {
  if (recv.type === 'call') return /\.cursor$/.test(recv.childForFieldName('function')?.text ?? '');
  if (recv.type !== 'identifier') return false;
  if (recv.text === ASYNCPG_COMPAT_NAME) return true;
  const scope = enclosingFunction(recv);
  if (!scope) return false;
  const sources: (Node | null)[] = [];
  for (const p of scope.childForFieldName('parameters')?.namedChildren ?? []) {
    const name = p?.type === 'identifier' ? p : (p?.childForFieldName('name') ?? p?.namedChildren[0]);
    if (name?.text === recv.text) sources.push(/\bpsycopg(_pool)?\./.test(p?.childForFieldName('type')?.text ?? '') ? p : null);
  }
  for (const id of descendants(scope, 'identifier')) {
    if (id.text !== recv.text || enclosingFunction(id)?.id !== scope.id) continue;
    let target: Node = id;
    while (target.parent && /^(tuple|list|parenthesized_expression|pattern_list|tuple_pattern|list_splat_pattern)$/.test(target.parent.type)) target = target.parent;
    // Unpacked (`a, conn = ...`, `with x as (a, conn)`): not one source's value.
    if (target.id !== id.id && /^(as_pattern_target|assignment|for_statement|for_in_clause)$/.test(target.parent?.type ?? '')) {
      sources.push(null);
      continue;
    }
    if (target.parent?.type === 'as_pattern_target') target = target.parent;
    const p = target.parent;
    if (p?.type === 'as_pattern' && p.childForFieldName('alias')?.id === target.id) sources.push(sourceCall(p.namedChildren[0]));
    else if (p?.type === 'assignment' && p.childForFieldName('left')?.id === id.id) sources.push(sourceCall(p.childForFieldName('right')));
    else if (p && /^(augmented_assignment|for_statement|for_in_clause|named_expression|delete_statement|global_statement|nonlocal_statement)$/.test(p.type)) sources.push(null);
  }
  return sources.length > 0 && sources.every((s) => s !== null);
}

function sourceCall(value: Node | null | undefined): Node | null {
  const v = value?.type === 'await' ? value.namedChildren[0] : value;
  return v?.type === 'call' && PSYCOPG_SOURCE.test(v.childForFieldName('function')?.text ?? '') ? v : null;
}
