import { ASYNCPG_API_ADVICE, asyncpgError, psycopgCatchExpression, type AsyncpgErrorEntry } from '../../../src/drivers/index.js';
import { lineEndIncl, lineStart } from '../../../src/codemod/layout.js';
import type { FileContext } from '../../../src/codemod/types.js';
import type { Node } from '../../../src/languages/python/parser.js';
import { descendants, enclosingStatement, inAnnotation, isinstanceClassArg } from '../../../src/languages/python/syntax.js';
import type { Facts } from '../facts.js';
import { STARTUP_SQLSTATES } from './raw-port/connect.js';

const RULE = 'asyncpg-api';

const rawAdvice = (name: string) => ASYNCPG_API_ADVICE[name] ?? `asyncpg.${name} has no automatic psycopg translation; port it by hand`;

// asyncpg and its submodules (asyncpg.exceptions, asyncpg.pool, asyncpg.connection...).
const isModule = (t: string) => /^asyncpg(\.\w+)*$/.test(t);

export interface SymbolsPlan {
  edits: { start: number; end: number; text: string; kind: string; description: string }[];
  followUps: { offset: number; anchor: number; message: string; marker: boolean }[];
  /** asyncpg references left in the code: while any remain anywhere, asyncpg stays a dependency. */
  remaining: { offset: number; what: string }[];
}

/**
 * The position of an exception class in `except X`, `except (X, Y) as e`, `isinstance(e, X)` or
 * `issubclass(c, (X, Y))`: where a tuple of classes means the same as one class.
 */
function inCatchPosition(n: Node): boolean {
  let cur = n;
  while (cur.parent && (cur.parent.type === 'tuple' || cur.parent.type === 'parenthesized_expression')) cur = cur.parent;
  let p = cur.parent;
  if (p?.type === 'as_pattern' && p.namedChildren[0]?.id === cur.id) {
    cur = p;
    p = p.parent;
  }
  if (p?.type === 'except_clause') return p.childForFieldName('value')?.id === cur.id || p.namedChildren[0]?.id === cur.id;
  return isinstanceClassArg(cur);
}


/**
 * `isinstance(exc.orig, asyncpg.X)`: under SQLAlchemy's asyncpg dialect `orig` is SQLAlchemy's
 * adapted error, never an asyncpg class, so the check is always false. Mapped to psycopg (whose
 * error IS `orig`) it would become true: a behaviour change, never made silently.
 */
function deadOrigCheck(n: Node): Node | null {
  let cur = n;
  while (cur.parent && (cur.parent.type === 'tuple' || cur.parent.type === 'parenthesized_expression')) cur = cur.parent;
  if (!isinstanceClassArg(cur)) return null;
  const subject = cur.parent!.namedChildren[0];
  return subject?.type === 'attribute' && subject.childForFieldName('attribute')?.text === 'orig' ? subject : null;
}

/**
 * The text for a catch position. A tuple of classes inside an enclosing tuple is spliced into it:
 * `except ((A, B), C)` raises TypeError at runtime (isinstance accepts nesting, except does not).
 */
function catchText(n: Node, expr: string): string {
  const inTuple = n.parent?.type === 'tuple' || (n.parent?.type === 'parenthesized_expression' && n.parent.parent?.type === 'tuple');
  return inTuple && expr.startsWith('(') ? expr.slice(1, -1) : expr;
}


/**
 * `except X` around a connect() or create_pool() call, where X is a startup error: asyncpg raises X there,
 * psycopg raises psycopg.OperationalError with no SQLSTATE for every failed connection, so the mapped class
 * would never catch it.
 */
function guardsConnect(n: Node, entry: AsyncpgErrorEntry): boolean {
  if (!entry.sqlstates.some((s) => STARTUP_SQLSTATES.has(s))) return false;
  let p = n.parent;
  while (p && (p.type === 'tuple' || p.type === 'parenthesized_expression' || p.type === 'as_pattern')) p = p.parent;
  const tryStmt = p?.type === 'except_clause' ? p.parent : null;
  const body = tryStmt?.type === 'try_statement' ? tryStmt.childForFieldName('body') : null;
  return !!body && [...descendants(body, 'call')].some((c) => /(^|\.)(connect|create_pool)$/.test(c.childForFieldName('function')?.text ?? ''));
}

const connectMessage = (cls: string, entry: AsyncpgErrorEntry) =>
  `${cls} is caught around a connect here: psycopg raises psycopg.OperationalError (sqlstate None) for every failed connection attempt, so ${psycopgCatchExpression(entry) ?? 'the psycopg class'} would never catch it; ` +
  'catch psycopg.OperationalError and tell the cases apart by its message, or check beforehand (e.g. SELECT 1 FROM pg_database WHERE datname = ...)';

const deadMessage = (subject: string, cls: string, entry: AsyncpgErrorEntry) =>
  `under SQLAlchemy's asyncpg dialect ${subject} is SQLAlchemy's adapted error, never ${cls}, so this check is always false and its branch never runs; ` +
  `with psycopg ${subject} is the driver's error and the check would become true. Left unchanged: to keep today's behaviour delete the check; ` +
  `to make the branch work as intended, write isinstance(${subject}, ${psycopgCatchExpression(entry) ?? 'the psycopg class'})`;

const entryAdvice = (text: string, entry: AsyncpgErrorEntry) =>
  entry.psycopg === null
    ? `${text} has no psycopg class that catches the same errors (${entry.why}); choose one by hand`
    : `${text} is asyncpg's parent of ${entry.sqlstates.length} SQLSTATEs and psycopg has no single class for them: in an except or isinstance use ${psycopgCatchExpression(entry)}`;

/**
 * asyncpg symbols used around SQLAlchemy. An exception class becomes the psycopg class, or tuple
 * of classes, that catches exactly the same server errors; everything else is flagged and stays.
 * Under the psycopg dialect `exc.orig` is the driver's exception itself, so `exc.orig.__cause__`
 * becomes `exc.orig`. Pure: the scan uses the same plan to know whether asyncpg use remains.
 */
/** What the raw port already did in this file, so the two rules neither repeat nor contradict each other. */
export interface RawPortDone {
  /** asyncpg attribute nodes (by start offset) it rewrote, and ones it flagged and left. */
  handled: ReadonlySet<number>;
  kept: ReadonlySet<number>;
  /** `from asyncpg import ...` statements (by start offset: plans outlive their tree) it replaced. */
  handledImports: ReadonlySet<number>;
  psycopgImported: boolean;
}

const NO_RAW: RawPortDone = { handled: new Set(), kept: new Set(), handledImports: new Set(), psycopgImported: false };

export function planSymbols(root: Node, text: string, eol: string, raw: RawPortDone = NO_RAW): SymbolsPlan {
  const plan: SymbolsPlan = { edits: [], followUps: [], remaining: [] };
  const anchor = (n: Node) => enclosingStatement(n).startIndex;
  const flag = (n: Node, message: string, what: string, marker = true) => {
    plan.followUps.push({ offset: n.startIndex, anchor: anchor(n), message, marker });
    plan.remaining.push({ offset: n.startIndex, what });
  };
  const edit = (start: number, end: number, to: string, kind: string, description: string) => plan.edits.push({ start, end, text: to, kind, description });
  let importsPsycopg = raw.psycopgImported || root.namedChildren.some((s) => s?.type === 'import_statement' && /^import\s+psycopg\s*$/m.test(s.text));
  let needsPsycopgImport = false;
  /** An asyncpg import becomes `import psycopg` once; any further one goes. */
  const replaceImport = (stmt: Node, what: string) => {
    if (importsPsycopg) edit(lineStart(text, stmt.startIndex), lineEndIncl(text, stmt.endIndex), '', 'import', `${what} removed (psycopg is imported)`);
    else edit(stmt.startIndex, stmt.endIndex, 'import psycopg', 'import', `${what} -> import psycopg`);
    importsPsycopg = true;
  };

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
    if (!mod || !isModule(mod) || raw.handledImports.has(stmt.startIndex)) continue;
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
  if (!moduleStmts.length && !fromStmts.length) return plan;

  // Attribute uses through a module binding.
  const locals = new Set(moduleStmts.map((m) => m.local));
  const annotations = new Set<string>();
  let firstAnnotation: Node | null = null;
  let moduleLeft = 0;
  let moduleMapped = 0;
  for (const attr of descendants(root, 'attribute')) {
    // `asyncpg.exceptions` inside `asyncpg.exceptions.X`: handled at the outer node.
    if (attr.parent?.type === 'attribute' && attr.parent.childForFieldName('object')?.id === attr.id && /^\w+\.(exceptions|pool|connection|pgproto|protocol|types)$/.test(attr.text)) continue;
    const obj = attr.childForFieldName('object')!;
    const name = attr.childForFieldName('attribute')!.text;
    const base = obj.type === 'identifier' ? obj.text : obj.type === 'attribute' && /^\w+\.(exceptions|pool|connection|pgproto|protocol|types)$/.test(obj.text) ? obj.childForFieldName('object')!.text : null;
    if (!base || !locals.has(base)) continue;
    if (attr.parent?.type === 'import_statement' || attr.parent?.type === 'dotted_name') continue;
    if (raw.handled.has(attr.startIndex)) {
      moduleMapped++;
      continue;
    }
    if (raw.kept.has(attr.startIndex)) {
      moduleLeft++;
      plan.remaining.push({ offset: attr.startIndex, what: `${attr.text} (flagged by the raw port)` });
      continue;
    }
    const entry = asyncpgError(name);
    const dead = entry ? deadOrigCheck(attr) : null;
    const atConnect = entry && !dead && guardsConnect(attr, entry);
    const to = entry && !atConnect && (typeof entry.psycopg === 'string' || inCatchPosition(attr)) ? psycopgCatchExpression(entry) : null;
    const serverOnly = !dead && !to && name === 'PostgresError' ? serverErrorCatch(attr) : null;
    if (serverOnly) {
      // psycopg.DatabaseError also catches client-side errors (no SQLSTATE): those go on, as asyncpg let them.
      const eol = text.includes('\r\n') ? '\r\n' : '\n';
      const bodyIndent = indentAt(text, serverOnly.first);
      edit(attr.startIndex, attr.endIndex, serverOnly.alias ? 'psycopg.DatabaseError' : 'psycopg.DatabaseError as server_error', 'exception', `${attr.text} -> psycopg.DatabaseError, re-raising errors without a SQLSTATE (only server errors are asyncpg.PostgresError)`);
      edit(serverOnly.first.startIndex, serverOnly.first.startIndex, `if ${serverOnly.alias ?? 'server_error'}.sqlstate is None:${eol}${bodyIndent}    raise${eol}${bodyIndent}`, 'exception', 'client-side errors are not asyncpg.PostgresError: re-raised');
      moduleMapped++;
    } else if (dead) {
      moduleLeft++;
      flag(attr, deadMessage(dead.text, attr.text, entry!), 'a check that never matched under SQLAlchemy');
    } else if (atConnect) {
      moduleLeft++;
      flag(attr, connectMessage(attr.text, entry!), 'exception class around a connect');
    } else if (to) {
      edit(attr.startIndex, attr.endIndex, catchText(attr, to), 'exception', `${attr.text} -> ${to} (${entry!.why})`);
      moduleMapped++;
    } else if (inAnnotation(attr)) {
      // One report line per file, no marker: an annotation changes with the code it describes.
      moduleLeft++;
      annotations.add(attr.text);
      firstAnnotation ??= attr;
      plan.remaining.push({ offset: attr.startIndex, what: 'type annotation' });
    } else {
      moduleLeft++;
      flag(attr, entry ? entryAdvice(attr.text, entry) : rawAdvice(name), entry ? 'exception class' : `asyncpg.${name}`);
    }
  }
  // String annotations (`"asyncpg.pool.Pool"`) name the same classes.
  for (const str of descendants(root, 'string')) {
    const m = /\basyncpg(\.\w+)+/.exec(str.text);
    if (!m || !inAnnotation(str) || !locals.has('asyncpg')) continue;
    if ([...raw.handled].some((h) => h > str.startIndex && h < str.endIndex)) continue;
    moduleLeft++;
    annotations.add(m[0]);
    firstAnnotation ??= str;
    plan.remaining.push({ offset: str.startIndex, what: 'type annotation' });
  }
  if (firstAnnotation) {
    plan.followUps.push({ offset: firstAnnotation.startIndex, anchor: anchor(firstAnnotation), message: `type annotations name ${[...annotations].sort().join(', ')}: update them with the raw asyncpg code they describe`, marker: false });
  }
  if (moduleMapped) needsPsycopgImport = true;

  // Import statements of the module: replaced once nothing of asyncpg is left through them.
  for (const { stmt } of moduleStmts) {
    const onlyModule = stmt.type === 'import_statement' || stmt.childrenForFieldName('name').length === 1; // `from asyncpg import exceptions`
    if (!onlyModule || moduleLeft > 0) continue;
    replaceImport(stmt, stmt.text);
  }

  // `from asyncpg[.exceptions] import A, B`: all mapped, or flagged as a whole.
  for (const { stmt, names } of fromStmts) {
    if (!names.length) continue;
    const usesOf = (local: string) =>
      [...descendants(root, 'identifier')].filter((ident) => {
        if (ident.text !== local || isInside(ident, stmt)) return false;
        const p = ident.parent;
        if (p?.type === 'attribute' && p.childForFieldName('attribute')?.id === ident.id) return false;
        return !(p?.type === 'keyword_argument' && p.childForFieldName('name')?.id === ident.id);
      });
    const problems: string[] = [];
    const planned = names.map((n) => {
      const entry = asyncpgError(n.name);
      const uses = usesOf(n.alias ?? n.name);
      if (!entry) problems.push(rawAdvice(n.name));
      else if (entry.psycopg === null) problems.push(entryAdvice(n.name, entry));
      else if (uses.some((u) => deadOrigCheck(u))) problems.push(deadMessage(deadOrigCheck(uses.find((u) => deadOrigCheck(u))!)!.text, n.name, entry));
      else if (uses.some((u) => guardsConnect(u, entry))) problems.push(connectMessage(n.name, entry));
      else if (typeof entry.psycopg !== 'string' && !uses.every(inCatchPosition)) problems.push(entryAdvice(n.name, entry));
      return { ...n, entry, uses };
    });
    if (problems.length) {
      flag(stmt, `from-import of ${names.map((n) => n.name).join(', ')}: ${problems.join('; ')}`, 'from-import');
      continue;
    }
    const classes = planned.filter((p) => typeof p.entry!.psycopg === 'string');
    const tuples = planned.filter((p) => typeof p.entry!.psycopg !== 'string');
    const parts = classes.map((n) => `${n.entry!.psycopg as string}${n.alias ? ` as ${n.alias}` : ''}`);
    if (parts.length) edit(stmt.startIndex, stmt.endIndex, `from psycopg.errors import ${parts.join(', ')}`, 'import', `${stmt.text.replace(/\s+/g, ' ')} -> psycopg.errors`);
    else replaceImport(stmt, stmt.text.replace(/\s+/g, ' '));
    if (tuples.length && parts.length) needsPsycopgImport = true;
    for (const n of classes) {
      const to = n.entry!.psycopg as string;
      if (n.alias || n.name === to) continue;
      for (const u of n.uses) edit(u.startIndex, u.endIndex, to, 'exception', `${n.name} -> ${to} (${n.entry!.why})`);
    }
    for (const n of tuples) {
      const to = psycopgCatchExpression(n.entry!)!;
      for (const u of n.uses) edit(u.startIndex, u.endIndex, catchText(u, to), 'exception', `${u.text} -> ${to} (${n.entry!.why})`);
    }
  }

  if (needsPsycopgImport && !importsPsycopg) {
    const first = moduleStmts[0]?.stmt ?? fromStmts[0]!.stmt;
    const at = lineEndIncl(text, first.endIndex);
    edit(at, at, `${indentAt(text, first)}import psycopg${eol}`, 'import', 'import psycopg added beside the remaining asyncpg import');
  }

  // exc.orig.__cause__ -> exc.orig (SQLAlchemy's asyncpg adapter wrapped the driver error; psycopg's is exc.orig).
  for (const attr of descendants(root, 'attribute')) {
    const obj = attr.childForFieldName('object');
    if (attr.childForFieldName('attribute')?.text === '__cause__' && obj?.type === 'attribute' && obj.childForFieldName('attribute')?.text === 'orig') {
      edit(obj.endIndex, attr.endIndex, '', 'exception', `${attr.text} -> ${obj.text} (psycopg dialect: orig is the driver exception)`);
    }
  }
  return plan;
}

export async function symbols(ctx: FileContext<Facts>, raw?: RawPortDone, reportOnly = false): Promise<void> {
  const plan = planSymbols((await ctx.python()).rootNode, ctx.file.text, ctx.file.eol, raw);
  if (!reportOnly) for (const e of plan.edits) ctx.edit(e.start, e.end, e.text, e.kind, e.description);
  for (const f of plan.followUps) ctx.followUp(f.offset, RULE, f.message, { anchor: f.anchor, marker: f.marker });
}

/** `except asyncpg.PostgresError [as e]:` with a block body: the clause's alias and first statement. */
function serverErrorCatch(attr: Node): { alias: string | null; first: Node } | null {
  let cur = attr;
  let alias: string | null = null;
  if (cur.parent?.type === 'as_pattern' && cur.parent.namedChildren[0]?.id === cur.id) {
    const target = cur.parent.childForFieldName('alias');
    alias = (target?.namedChildren[0] ?? target)?.text ?? null;
    if (!alias || !/^\w+$/.test(alias)) return null;
    cur = cur.parent;
  }
  const clause = cur.parent;
  if (clause?.type !== 'except_clause') return null;
  const body = clause.namedChildren.find((c) => c?.type === 'block');
  const first = body?.namedChildren[0];
  if (!first || !body.text.includes('\n') && first.startIndex === body.startIndex && clause.text.indexOf('\n') < 0) return null;
  return { alias, first };
}

const isInside = (n: Node, outer: Node) => n.startIndex >= outer.startIndex && n.endIndex <= outer.endIndex;

function indentAt(text: string, stmt: Node): string {
  const ls = lineStart(text, stmt.startIndex);
  return /^[ \t]*/.exec(text.slice(ls))![0];
}
