import { ASYNCPG_QUERY_METHODS } from '../../../../src/drivers/asyncpg-api.js';
import { lineEndIncl } from '../../../../src/codemod/layout.js';
import type { Node } from '../../../../src/languages/python/parser.js';
import { descendants, enclosingStatement, stringValue } from '../../../../src/languages/python/syntax.js';
import { portClassNames } from './classes.js';
import { portConnect, portCreatePool } from './connect.js';
import { PortContext, callParts, type CompatPlace, type PlanInput, type RawPlan } from './plan.js';
import { poolShortcut } from './pool-shortcuts.js';
import { connectionCall, poolCall, preparedCall } from './queries.js';
import { portTransaction } from './transactions.js';
import { asyncpgStyle } from './untraced.js';

export type { CompatPlace, Placeholders, RawPlan } from './plan.js';
export { PLACEHOLDER_STYLES } from './plan.js';

export interface RawPortResult extends RawPlan {
  /** `from asyncpg import Pool, Record` statements (by start offset) this port replaced (the symbols rule leaves them). */
  handledImports: Set<number>;
  /** Calls with asyncpg-only method names whose receiver could not be resolved (plain data: plans outlive their tree). */
  unresolved: { start: number; anchor: number; callee: string }[];
}

/**
 * Raw asyncpg code ported to psycopg 3, call by call, on receivers the Python model proves to be
 * asyncpg connections and pools (across modules). Pure: the scan runs it to count what remains.
 */
export function planRawPort(input: PlanInput, compat: CompatPlace): RawPortResult {
  const ctx = new PortContext(input);
  const handledImports = portClassNames(ctx, compat);
  const unresolved: RawPortResult['unresolved'] = [];
  const imports = ctx.scopes.imports;
  for (const call of descendants(input.root, 'call')) {
    if (ctx.done.has(call.id)) continue;
    const fn = call.childForFieldName('function');
    const { recv, method } = callParts(call);
    if (!fn || !method) continue;
    // asyncpg.connect / create_pool, also imported by name.
    const direct = fn.type === 'attribute' && recv?.type === 'identifier' && imports.modules.has(recv.text) ? method : fn.type === 'identifier' ? imports.names.get(method) : undefined;
    if (direct === 'connect' || direct === 'create_pool') {
      if (direct === 'connect') portConnect(ctx, call);
      else portCreatePool(ctx, call);
      // Flagged: the asyncpg name stays in use, so its import must stay too.
      if (!ctx.plan.handled.has(fn.startIndex)) ctx.plan.kept.add(fn.startIndex);
      continue;
    }
    if (!recv) continue;
    const kind = ctx.kindOf(recv);
    if (kind === 'connection') {
      if (method === 'transaction') portTransaction(ctx, call, recv);
      else connectionCall(ctx, call, recv, method);
    } else if (kind === 'pool') {
      if (poolCall(ctx, call, recv, method) === 'shortcut') poolShortcut(ctx, call, recv, method);
    } else if (kind === 'prepared') {
      // asyncpg_compat.PreparedStatement keeps asyncpg's query methods; the rest is flagged.
      preparedCall(ctx, call, method);
    } else if (kind === 'transaction') {
      // asyncpg_compat.Transaction has asyncpg's start/commit/rollback.
    } else if (kind === 'either') {
      // Queries: exact for both through asyncpg_compat.connection_of (pool-shortcuts.ts).
      if (ASYNCPG_QUERY_METHODS.has(method) && callParts(call).positional.length) poolShortcut(ctx, call, recv, method, true);
      else if (/^(acquire|transaction)$/.test(method)) ctx.flag(call, `${recv.text} may be an asyncpg pool or a connection here, and ${method}() exists on only one of them: pass the one it needs and port the call on it`, `${method}() on a pool or connection`);
    } else if (asyncpgStyle(input.root, call, recv, method)) {
      unresolved.push({ start: call.startIndex, anchor: enclosingStatement(call).startIndex, callee: fn.text });
    }
  }
  // aiosql.from_path(..., "asyncpg") and the like: a library drives asyncpg connections itself.
  if (!/(^|\/)setup[^/]*\.py$/.test(input.rel)) {
    for (const s of descendants(input.root, 'string')) {
      if (stringValue(s) === 'asyncpg' && s.parent?.type === 'argument_list') ctx.flag(s, 'a library is told by name to use asyncpg here, and it needs asyncpg connections: raw asyncpg code is not ported while this stays (switch the library to its psycopg adapter first)', 'asyncpg named as a driver', false);
    }
  }
  insertImports(ctx, compat);
  return { ...ctx.plan, handledImports, unresolved };
}

/** One insertion with every import the ported code needs, after the asyncpg import (or the last import). */
function insertImports(ctx: PortContext, compat: CompatPlace): void {
  const root = ctx.input.root;
  const text = ctx.text;
  const top = root.namedChildren.filter((n): n is Node => !!n);
  const has = (re: RegExp) => top.some((s) => (s.type === 'import_statement' || s.type === 'import_from_statement') && re.test(s.text));
  const lines: string[] = [];
  const n = ctx.plan.needs;
  if (n.asyncio && !has(/^import\s+asyncio\s*$/)) lines.push('import asyncio');
  if (n.psycopg && !has(/^import\s+psycopg\s*$/)) lines.push('import psycopg');
  if (n.psycopg) ctx.plan.psycopgImported = true;
  if (n.pool && !has(/^import\s+psycopg_pool\s*$/)) lines.push('import psycopg_pool');
  if (n.rows.size) lines.push(`from psycopg.rows import ${[...n.rows].sort().join(', ')}`);
  if (n.compat && !has(new RegExp(`^${compat.importLine.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`))) {
    const usesModule = ctx.plan.edits.some((e) => e.text.includes('asyncpg_compat.'));
    if (usesModule) lines.push(compat.importLine);
  }
  if (!lines.length) return;
  const imports = top.filter((s) => s.type === 'import_statement' || s.type === 'import_from_statement' || s.type === 'future_import_statement');
  const asyncpgImport = imports.find((s) => /\basyncpg\b/.test(s.text));
  const after = asyncpgImport ?? imports[imports.length - 1];
  let at: number;
  if (after) at = lineEndIncl(text, after.endIndex);
  else {
    const doc = top[0]?.type === 'expression_statement' && top[0].namedChildren[0]?.type === 'string' ? top[0] : null;
    at = doc ? lineEndIncl(text, doc.endIndex) : 0;
  }
  const eol = ctx.input.eol;
  // At the very top of a file without imports, a blank line keeps them apart from the code.
  const block = lines.map((l) => l + eol).join('') + (!after && !/^\s*\n/.test(text.slice(at)) ? eol : '');
  ctx.insert(at, at === text.length && !text.endsWith('\n') ? eol + block : block, `imports for the ported code: ${lines.join('; ')}`);
}
