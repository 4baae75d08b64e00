import { lineEndIncl, lineStart } from '../../../../src/codemod/layout.js';
import { asyncpgClass } from '../../../../src/languages/python/asyncpg-model/scope.js';
import type { Node } from '../../../../src/languages/python/parser.js';
import { descendants, inAnnotation, isinstanceClassArg } from '../../../../src/languages/python/syntax.js';
import type { CompatPlace, PortContext } from './plan.js';

const RAW_NAMES = new Set(['Connection', 'Pool', 'Record', 'connect', 'create_pool']);

function target(ctx: PortContext, kind: 'connection' | 'pool' | 'either' | 'record' | 'transaction' | 'prepared'): string | null {
  if (kind === 'connection') {
    ctx.plan.needs.psycopg = true;
    return 'psycopg.AsyncConnection';
  }
  if (kind === 'pool') {
    ctx.plan.needs.pool = true;
    return 'psycopg_pool.AsyncConnectionPool';
  }
  if (kind === 'record') return ctx.compat('Record');
  return null;
}

/**
 * asyncpg's classes where they are named (annotations, isinstance, string annotations):
 * Connection -> psycopg.AsyncConnection, Pool -> psycopg_pool.AsyncConnectionPool, Record -> the
 * compat Record that ported queries return. Rewritten, never marked: an annotation follows its code.
 */
export function portClassNames(ctx: PortContext, compat: CompatPlace): Set<number> {
  const imports = ctx.scopes.imports;
  for (const attr of descendants(ctx.input.root, 'attribute')) {
    if (attr.parent?.type === 'attribute' && attr.parent.childForFieldName('object')?.id === attr.id) continue; // the outer node decides
    const kind = asyncpgClass(attr.text, imports);
    // A subclass or a call of the class is not a name of its type: the symbols rule flags it.
    if (!kind || !typePosition(attr)) continue;
    const to = target(ctx, kind);
    if (!to) continue;
    ctx.edit(attr, to, `${attr.text} -> ${to}`);
    ctx.plan.handled.add(attr.startIndex);
  }
  for (const str of descendants(ctx.input.root, 'string_content')) {
    for (const m of str.text.matchAll(/\b[A-Za-z_]\w*(\.\w+)+/g)) {
      const kind = asyncpgClass(m[0], imports);
      const to = kind ? target(ctx, kind) : null;
      if (!to || !inAnnotation(str)) continue;
      const at = str.startIndex + m.index!;
      ctx.edit({ startIndex: at, endIndex: at + m[0].length }, to, `${m[0]} -> ${to} (string annotation)`);
      ctx.plan.handled.add(at);
    }
  }
  // `from asyncpg import Connection, Pool, Record, connect, create_pool`: wholly ported names only.
  const handledImports = new Set<number>();
  for (const stmt of descendants(ctx.input.root, 'import_from_statement')) {
    const mod = stmt.childForFieldName('module_name')?.text ?? '';
    if (!/^asyncpg(\.(pool|connection|protocol))?$/.test(mod)) continue;
    const names = stmt.childrenForFieldName('name').filter((n): n is Node => !!n);
    const parts = names.map((n) => ({ name: (n.type === 'aliased_import' ? n.childForFieldName('name')! : n).text, alias: n.type === 'aliased_import' ? n.childForFieldName('alias')!.text : null }));
    if (!parts.length || !parts.every((p) => RAW_NAMES.has(p.name))) continue;
    // Uses of the imported names: not the statement itself, nor another object's attribute (`asyncpg.Record`).
    const isAttributeName = (i: Node) => i.parent?.type === 'attribute' && i.parent.childForFieldName('attribute')?.id === i.id;
    const classUses = [...descendants(ctx.input.root, 'identifier')].filter((i) => parts.some((p) => /^[A-Z]/.test(p.name) && (p.alias ?? p.name) === i.text) && !isAttributeName(i) && !(i.startIndex >= stmt.startIndex && i.endIndex <= stmt.endIndex));
    if (!classUses.every(typePosition)) continue;
    const lines: string[] = [];
    for (const p of parts) {
      const local = p.alias ?? p.name;
      if (p.name === 'Connection') lines.push(`from psycopg import AsyncConnection as ${local}`);
      else if (p.name === 'Pool') lines.push(`from psycopg_pool import AsyncConnectionPool as ${local}`);
      else if (p.name === 'Record') {
        ctx.plan.needs.compat = true;
        lines.push(`from ${compat.module} import Record${p.alias ? ` as ${p.alias}` : ''}`);
      }
    }
    // connect/create_pool calls become psycopg.AsyncConnection.connect / psycopg_pool: imported by imports.ts.
    const indent = ctx.indentOf(stmt);
    const what = `${stmt.text.replace(/\s+/g, ' ')} -> psycopg`;
    if (lines.length) ctx.edit(stmt, lines.join(ctx.input.eol + indent), what);
    else if (stmt.parent?.type === 'module') ctx.edit({ startIndex: lineStart(ctx.text, stmt.startIndex), endIndex: lineEndIncl(ctx.text, stmt.endIndex) }, '', what);
    else ctx.edit(stmt, 'pass', what);
    handledImports.add(stmt.startIndex);
  }
  return handledImports;
}

/** An annotation, or the class argument of isinstance/issubclass. */
function typePosition(n: Node): boolean {
  if (inAnnotation(n)) return true;
  let cur = n;
  while (cur.parent && (cur.parent.type === 'tuple' || cur.parent.type === 'parenthesized_expression' || cur.parent.type === 'subscript' || cur.parent.type === 'binary_operator')) cur = cur.parent;
  return isinstanceClassArg(cur);
}
