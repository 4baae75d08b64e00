import { enclosingFunction } from '../../../../src/languages/python/asyncpg-model/scope.js';
import type { Node } from '../../../../src/languages/python/parser.js';
import { descendants } from '../../../../src/languages/python/syntax.js';
import { assignedValues, type PortContext } from './plan.js';

const CAST = /\$(\d+)\s*::\s*(jsonb?)\b|\bCAST\s*\(\s*\$(\d+)\s+AS\s+(jsonb?)\b/gi;

/**
 * Where the project registers a json/jsonb codec, asyncpg runs its encoder on whatever value a
 * json parameter gets (a list for jsonb_to_recordset, a str); asyncpg_compat.set_type_codec can only
 * dump dicts that way, since psycopg picks a dumper by the value's Python type. So a parameter the
 * SQL casts to json/jsonb must get a dict, provably; else the reason the call is left as is.
 * (A parameter typed by its column, with no cast, cannot be seen here.)
 */
export function jsonParamRisk(ctx: PortContext, query: Node, args: Node[], method: string): string | null {
  const codecs = ctx.input.model.jsonCodecs;
  if (!codecs.size) return null;
  const risky: string[] = [];
  for (const sql of sqlTexts(query)) {
    for (const m of sql.matchAll(CAST)) {
      const n = Number(m[1] ?? m[3]);
      const type = (m[2] ?? m[4]!).toLowerCase();
      if (!codecs.has(type)) continue;
      const arg = method === 'executemany' || args.some((a) => a.type === 'list_splat') ? null : args[n - 1];
      if (!arg || !provablyDict(arg)) risky.push(`$${n} (${type})`);
    }
  }
  if (!risky.length) return null;
  const wrap = risky[0]!.includes('jsonb') ? 'Jsonb' : 'Json';
  return `the project's ${[...codecs].join('/')} codec encodes any value asyncpg is given for ${[...new Set(risky)].join(', ')}, and psycopg only dicts that way: pass the value as psycopg.types.json.${wrap}(value, dumps=<the codec's encoder>)`;
}

/** The SQL texts a query argument may hold: a literal, or every literal a name is assigned in the same function. */
function sqlTexts(q: Node): string[] {
  if (/string/.test(q.type)) return [q.text];
  if (q.type !== 'identifier') return [];
  const scope = enclosingFunction(q);
  if (!scope) return [];
  return assignedValues(scope, q.text).map((v) => v.text);
}

/** A dict literal or comprehension, `dict(...)`, or a name every binding of which in its function is one of those. */
function provablyDict(v: Node): boolean {
  if (v.type === 'dictionary' || v.type === 'dictionary_comprehension') return true;
  if (v.type === 'call') return v.childForFieldName('function')?.text === 'dict';
  if (v.type !== 'identifier') return false;
  const scope = enclosingFunction(v);
  if (!scope) return false;
  const bindings = [...descendants(scope, 'identifier')].filter((i) => i.text === v.text && i.id !== v.id && i.parent?.type !== 'subscript' && i.parent?.type !== 'attribute' && i.parent?.type !== 'argument_list');
  const values = bindings.map((i) => (i.parent?.type === 'assignment' && i.parent.childForFieldName('left')?.id === i.id ? i.parent.childForFieldName('right') : undefined));
  // Any other use that could bind it (a parameter, a loop, an unpacking) proves nothing.
  return values.length > 0 && values.every((r) => !!r && (r.type === 'dictionary' || r.type === 'dictionary_comprehension' || (r.type === 'call' && r.childForFieldName('function')?.text === 'dict')));
}
