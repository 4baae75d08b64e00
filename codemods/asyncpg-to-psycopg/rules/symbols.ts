import { ASYNCPG_TO_PSYCOPG_ERROR, isAsyncpgErrorName } from '../../../src/drivers/index.js';
import { lineEndIncl, lineStart } from '../../../src/codemod/layout.js';
import type { FileContext } from '../../../src/codemod/types.js';
import type { Node } from '../../../src/languages/python/parser.js';
import { descendants, enclosingStatement } from '../../../src/languages/python/syntax.js';
import type { Facts } from '../facts.js';

const RULE = 'asyncpg-api';

/** What to tell the user about raw asyncpg API that is not rewritten automatically. */
const RAW_API_ADVICE: Record<string, string> = {
  connect: 'asyncpg.connect(): port to psycopg.AsyncConnection.connect(conninfo, prepare_threshold=None); $1 placeholders become %s and fetch*/execute become cursor calls',
  create_pool: 'asyncpg.create_pool(): port to psycopg_pool.AsyncConnectionPool(conninfo, kwargs={"prepare_threshold": None}) from the psycopg-pool package',
};
const rawAdvice = (name: string) => RAW_API_ADVICE[name] ?? `asyncpg.${name} has no automatic psycopg translation; port it by hand`;

const isModule = (t: string) => t === 'asyncpg' || t === 'asyncpg.exceptions';

/**
 * asyncpg symbols used around SQLAlchemy: exception classes with an exact psycopg twin are
 * rewritten to psycopg.errors (same SQLSTATE); everything else is flagged. Under the psycopg
 * dialect `exc.orig` is the driver's exception itself, so `exc.orig.__cause__` becomes `exc.orig`.
 */
export async function symbols(ctx: FileContext<Facts>): Promise<void> {
  const root = (await ctx.python()).rootNode;
  const { text, eol } = ctx.file;
  const anchor = (n: Node) => enclosingStatement(n).startIndex;
  const importsPsycopg = root.namedChildren.some((s) => s?.type === 'import_statement' && /^import\s+psycopg\s*$/m.test(s.text));

  // Module bindings: `import asyncpg`, `import asyncpg as apg`, `from asyncpg import exceptions`.
  const moduleStmts: { stmt: Node; local: string }[] = [];
  // Name bindings: `from asyncpg.exceptions import UniqueViolationError [as X]`.
  const fromStmts: { stmt: Node; names: { node: Node; name: string; alias: string | null }[] }[] = [];
  for (const stmt of descendants(root, 'import_statement')) {
    for (const c of stmt.namedChildren) {
      if (!c) continue;
      const dotted = c.type === 'aliased_import' ? c.childForFieldName('name')! : c;
      if (!isModule(dotted.text)) continue;
      const alias = c.type === 'aliased_import' ? c.childForFieldName('alias')!.text : null;
      moduleStmts.push({ stmt, local: alias ?? 'asyncpg' });
    }
  }
  for (const stmt of descendants(root, 'import_from_statement')) {
    const mod = stmt.childForFieldName('module_name')?.text;
    if (!mod || !isModule(mod)) continue;
    const names = stmt.childrenForFieldName('name').filter((n): n is Node => !!n).map((n) => ({
      node: n,
      name: (n.type === 'aliased_import' ? n.childForFieldName('name')! : n).text,
      alias: n.type === 'aliased_import' ? n.childForFieldName('alias')!.text : null,
    }));
    if (mod === 'asyncpg' && names.some((n) => n.name === 'exceptions')) {
      const ex = names.find((n) => n.name === 'exceptions')!;
      moduleStmts.push({ stmt, local: ex.alias ?? 'exceptions' });
    }
    fromStmts.push({ stmt, names: names.filter((n) => n.name !== 'exceptions') });
  }
  if (!moduleStmts.length && !fromStmts.length) return;

  // Attribute uses through a module binding.
  const locals = new Set(moduleStmts.map((m) => m.local));
  let unmapped = 0;
  let mapped = 0;
  for (const attr of descendants(root, 'attribute')) {
    if (attr.parent?.type === 'attribute' && attr.parent.childForFieldName('object')?.id === attr.id) {
      // `asyncpg.exceptions` inside `asyncpg.exceptions.X`: handled at the outer node.
      if (/^\w+\.exceptions$/.test(attr.text)) continue;
    }
    const obj = attr.childForFieldName('object')!;
    const name = attr.childForFieldName('attribute')!.text;
    const base = obj.type === 'identifier' ? obj.text : obj.type === 'attribute' && /^\w+\.exceptions$/.test(obj.text) ? obj.childForFieldName('object')!.text : null;
    if (!base || !locals.has(base)) continue;
    if (attr.parent?.type === 'import_statement' || attr.parent?.type === 'dotted_name') continue;
    const target = isAsyncpgErrorName(name) ? ASYNCPG_TO_PSYCOPG_ERROR[name] : null;
    if (target) {
      ctx.edit(attr.startIndex, attr.endIndex, `psycopg.errors.${target}`, 'exception', `${attr.text} -> psycopg.errors.${target} (same SQLSTATE)`);
      mapped++;
    } else {
      unmapped++;
      const msg = isAsyncpgErrorName(name) ? `${attr.text} has no exact psycopg equivalent (psycopg.errors lists classes by SQLSTATE); choose one by hand` : rawAdvice(name);
      ctx.followUp(attr.startIndex, RULE, msg, { anchor: anchor(attr) });
    }
  }

  // Import statements of the module.
  for (const { stmt } of moduleStmts) {
    if (stmt.type !== 'import_statement') continue;
    if (unmapped > 0) {
      if (mapped > 0 && !importsPsycopg) ctx.edit(lineEndIncl(text, stmt.endIndex), lineEndIncl(text, stmt.endIndex), `${indentAt(text, stmt)}import psycopg${eol}`, 'import', 'import psycopg added beside the remaining asyncpg import');
      continue;
    }
    if (importsPsycopg) ctx.edit(lineStart(text, stmt.startIndex), lineEndIncl(text, stmt.endIndex), '', 'import', `${stmt.text} removed (psycopg is already imported)`);
    else ctx.edit(stmt.startIndex, stmt.endIndex, 'import psycopg', 'import', `${stmt.text} -> import psycopg`);
  }

  // `from asyncpg[.exceptions] import A, B`: all mapped, or flagged as a whole.
  for (const { stmt, names } of fromStmts) {
    if (!names.length) continue;
    const unknown = names.filter((n) => !ASYNCPG_TO_PSYCOPG_ERROR[n.name]);
    if (unknown.length) {
      ctx.followUp(stmt.startIndex, RULE, `from-import of ${unknown.map((n) => n.name).join(', ')}: ${unknown.map((n) => (isAsyncpgErrorName(n.name) ? `${n.name} has no exact psycopg equivalent` : rawAdvice(n.name))).join('; ')}`, { anchor: stmt.startIndex });
      continue;
    }
    const parts = names.map((n) => `${ASYNCPG_TO_PSYCOPG_ERROR[n.name]}${n.alias ? ` as ${n.alias}` : ''}`);
    ctx.edit(stmt.startIndex, stmt.endIndex, `from psycopg.errors import ${parts.join(', ')}`, 'import', `${stmt.text.replace(/\s+/g, ' ')} -> psycopg.errors`);
    const renames = new Map(names.filter((n) => !n.alias && n.name !== ASYNCPG_TO_PSYCOPG_ERROR[n.name]).map((n) => [n.name, ASYNCPG_TO_PSYCOPG_ERROR[n.name]!]));
    for (const ident of descendants(root, 'identifier')) {
      const to = renames.get(ident.text);
      if (!to || isInside(ident, stmt)) continue;
      const p = ident.parent;
      if (p?.type === 'attribute' && p.childForFieldName('attribute')?.id === ident.id) continue;
      if (p?.type === 'keyword_argument' && p.childForFieldName('name')?.id === ident.id) continue;
      ctx.edit(ident.startIndex, ident.endIndex, to, 'exception', `${ident.text} -> ${to}`);
    }
  }

  // exc.orig.__cause__ -> exc.orig (SQLAlchemy's asyncpg adapter wrapped the driver error; psycopg's is exc.orig).
  for (const attr of descendants(root, 'attribute')) {
    const obj = attr.childForFieldName('object');
    if (attr.childForFieldName('attribute')?.text === '__cause__' && obj?.type === 'attribute' && obj.childForFieldName('attribute')?.text === 'orig') {
      ctx.edit(obj.endIndex, attr.endIndex, '', 'exception', `${attr.text} -> ${obj.text} (psycopg dialect: orig is the driver exception)`);
    }
  }
}

const isInside = (n: Node, outer: Node) => n.startIndex >= outer.startIndex && n.endIndex <= outer.endIndex;

function indentAt(text: string, stmt: Node): string {
  const ls = lineStart(text, stmt.startIndex);
  return /^[ \t]*/.exec(text.slice(ls))![0];
}
