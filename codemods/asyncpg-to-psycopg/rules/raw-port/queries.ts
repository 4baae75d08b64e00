import { loopRowShape, rowShape, type RowShape } from '../../../../src/languages/python/asyncpg-model/rows.js';
import type { Node } from '../../../../src/languages/python/parser.js';
import { stringValue } from '../../../../src/languages/python/syntax.js';
import { jsonParamRisk } from './json-params.js';
import { awaitOf, callParts, type PortContext } from './plan.js';
import { callArgs, manyArgs, preparedArgs, rawCursor, rawCursorClass } from './sql-args.js';

const QUERY = new Set(['fetch', 'fetchrow', 'fetchval', 'execute', 'executemany']);
const COMPAT_CALLS = new Set(['set_type_codec', 'add_listener', 'remove_listener', 'copy_records_to_table', 'copy_to_table', 'copy_from_query', 'copy_from_table']);

/** The cursor expression for a row shape (psycopg's default rows are tuples), on the connection or a raw cursor of its own. */
function cursorFor(ctx: PortContext, recv: string, shape: RowShape | 'scalar', raw: boolean): string {
  const factory = shape === 'tuple' ? undefined : shape === 'scalar' ? 'scalar_row' : shape === 'dict' ? 'dict_row' : ctx.compat('record_row');
  if (shape === 'scalar' || shape === 'dict') ctx.plan.needs.rows.add(factory!);
  if (raw) return rawCursor(ctx, recv, factory);
  return factory ? `${recv}.cursor(row_factory=${factory})` : recv;
}

/**
 * `await conn.fetch(q, a, b)` and friends on a connection: the psycopg expression that returns the
 * same value, or null with the reason it cannot be written.
 */
export function queryExpression(ctx: PortContext, call: Node, recv: string): { text: string; wholeAwait?: true } | { why: string } {
  const { method, positional, keywords, opaque } = callParts(call);
  if (opaque) return { why: 'its arguments include **kwargs' };
  // asyncpg's NO_TIMEOUT: no timeout at all, as every psycopg query has.
  const noTimeout = isNoTimeout(ctx, keywords.get('timeout'));
  if (noTimeout) ctx.plan.handled.add(keywords.get('timeout')!.startIndex);
  // A per-call timeout: asyncio.wait_for cancels the query on the server, as asyncpg does; only where the port is one coroutine.
  const timeout = (method === 'execute' || method === 'executemany') && !noTimeout ? keywords.get('timeout') : undefined;
  const timed = (coro: string) => (timeout ? `asyncio.wait_for(${coro}, ${timeout.text})` : coro);
  if (timeout) ctx.plan.needs.asyncio = true;
  const bad = [...keywords.keys()].filter((k) => !(method === 'fetchval' && k === 'column') && !((timeout || noTimeout) && k === 'timeout'));
  if (bad.length) return { why: `${bad.map((k) => `${k}=`).join(', ')} has no psycopg argument (a per-call timeout is asyncio.wait_for(...) around the call)` };
  const [query, ...rest] = positional;
  if (!query) return { why: 'no query argument' };
  const json = jsonParamRisk(ctx, query, rest, method!);
  if (json) return { why: json };
  const aw = awaitOf(call);
  if (!aw) return { why: 'the coroutine is not awaited where it is made, so its port would run at a different time' };
  if (method === 'executemany') {
    if (rest.length !== 1) return { why: 'executemany takes the query and one sequence of argument tuples' };
    const m = manyArgs(ctx, query, rest[0]!);
    return { text: timed(`${m.raw ? rawCursor(ctx, recv) : `${recv}.cursor()`}.executemany(${m.query}, ${m.params})`) };
  }
  const q = callArgs(ctx, query, rest);
  if (!q) return { why: 'its arguments cannot be gathered into one sequence' };
  const { params, raw } = q;
  const args = params ? `${q.query}, ${params}` : q.query;
  const on = raw ? rawCursor(ctx, recv) : recv;
  switch (method) {
    case 'fetch':
      return { text: `(await ${cursorFor(ctx, recv, rowShape(aw, true), raw)}.execute(${args})).fetchall()` };
    case 'fetchrow':
      return { text: `(await ${cursorFor(ctx, recv, rowShape(aw, false), raw)}.execute(${args})).fetchone()` };
    case 'fetchval': {
      const column = keywords.get('column');
      if (column && column.text !== '0') return { why: 'fetchval(column=N): in psycopg row = await (await conn.execute(q, params)).fetchone(), then None if row is None else row[N]' };
      return { text: `(await ${cursorFor(ctx, recv, 'scalar', raw)}.execute(${args})).fetchone()` };
    }
    case 'execute': {
      const statementOnly = aw.parent?.type === 'expression_statement';
      if (statementOnly) return { text: timed(`${on}.execute(${args})`) };
      // asyncpg returns the LAST statement's status of a multi-statement script; psycopg's cursor starts at the first.
      const sql = stringValue(query);
      if (!params && (sql === null || /;\s*\S/.test(sql))) return { text: timed(`${ctx.compat('script_status')}(${recv}, ${args})`) };
      // An attribute, not a coroutine: it replaces the whole `await` expression.
      return { text: `(await ${timed(`${on}.execute(${args})`)}).statusmessage`, wholeAwait: true };
    }
  }
  return { why: `${method}() is not a query method` };
}

/** `asyncpg.protocol.NO_TIMEOUT`, or the name imported from asyncpg. */
function isNoTimeout(ctx: PortContext, v: Node | undefined): boolean {
  if (!v || !/^[\w.]*\bNO_TIMEOUT$/.test(v.text)) return false;
  const imports = ctx.scopes.imports;
  return v.type === 'identifier' ? imports.names.get(v.text) === 'NO_TIMEOUT' : imports.modules.has(v.text.split('.')[0]!);
}

/** Ports method calls on asyncpg connections: queries, cursors, codecs, listeners, COPY, prepare. */
export function connectionCall(ctx: PortContext, call: Node, recvNode: Node, method: string): void {
  const recv = recvNode.text;
  if (QUERY.has(method)) {
    const r = queryExpression(ctx, call, recv);
    if ('text' in r) {
      ctx.edit(r.wholeAwait ? awaitOf(call)! : call, r.text, `${method}() -> psycopg cursor`);
      ctx.ported(call);
    } else ctx.flag(call, `asyncpg ${method}() left as is: ${r.why}`, `${method}()`);
    return;
  }
  if (method === 'close') return; // the same on a psycopg connection
  if (method === 'is_closed') {
    ctx.edit(call, `${recv}.closed`, 'is_closed() -> closed');
    ctx.ported(call);
    return;
  }
  if (method === 'set_type_codec') {
    const why = typeCodecBlocker(call);
    if (why) return ctx.flag(call, `asyncpg set_type_codec() left as is: ${why}; in psycopg register a loader and a dumper for the type (psycopg.adapt.Loader/Dumper, conn.adapters.register_loader/register_dumper) or use the type's own psycopg adapter`, 'set_type_codec()');
  }
  if (COMPAT_CALLS.has(method)) {
    const args = call.childForFieldName('arguments')!;
    const inner = args.text.slice(1, -1).trim();
    const text = `${ctx.compat(method)}(${recv}${inner ? `, ${inner}` : ''})`;
    // set_type_codec registers adapters at once: no coroutine in psycopg.
    const aw = awaitOf(call);
    if (method === 'set_type_codec' && aw) ctx.edit(aw, text, 'set_type_codec() -> psycopg adapters');
    else ctx.edit(call, text, `${method}() -> asyncpg_compat.${method}() on psycopg`);
    ctx.ported(call);
    return;
  }
  if (method === 'prepare') {
    const aw = awaitOf(call);
    const { positional, keywords } = callParts(call);
    if (!aw || positional.length !== 1 || keywords.size) return ctx.flag(call, 'asyncpg prepare() left as is: write asyncpg_compat.PreparedStatement(conn, query) (same methods, run unprepared, pooler-safe)', 'prepare()');
    const p = preparedArgs(ctx, positional[0]!);
    ctx.edit(aw, `${ctx.compat('PreparedStatement')}(${recv}, ${p.query}${p.raw ? `, cursor_factory=${rawCursorClass(ctx)}` : ''})`, 'prepare() -> unprepared statement object (pooler-safe)');
    ctx.ported(call);
    return;
  }
  if (method === 'cursor') {
    const { positional, keywords, opaque } = callParts(call);
    const loop = call.parent?.type === 'for_statement' || call.parent?.type === 'for_in_clause' ? call.parent : null;
    const q = positional[0] ? callArgs(ctx, positional[0], positional.slice(1)) : null;
    if (!loop || !/^async\b/.test(loop.text) || opaque || keywords.size || !q) {
      return ctx.flag(call, 'asyncpg cursor() left as is: in psycopg iterate async for row in await conn.execute(query, params) (rows are fetched as you go only with a named cursor: conn.cursor(name=...))', 'cursor()');
    }
    const args = q.params ? `${q.query}, ${q.params}` : q.query;
    ctx.edit(call, `await ${cursorFor(ctx, recv, loopRowShape(loop), q.raw)}.execute(${args})`, 'cursor() iteration -> psycopg cursor');
    ctx.ported(call);
    return;
  }
  ctx.flag(call, `asyncpg ${method}() has no psycopg port here: see the psycopg AsyncConnection documentation`, `${method}()`);
}

/** Ports method calls on asyncpg pools. Query shortcuts take a connection first: pool-shortcuts.ts. */
export function poolCall(ctx: PortContext, call: Node, recvNode: Node, method: string): 'shortcut' | void {
  const recv = recvNode.text;
  const { positional, keywords } = callParts(call);
  const aw = awaitOf(call);
  switch (method) {
    case 'acquire': {
      const inWith = call.parent?.type === 'as_pattern' || call.parent?.type === 'with_item';
      if (inWith) ctx.edit(call.childForFieldName('function')!.childForFieldName('attribute')!, 'connection', 'pool.acquire() -> pool.connection()');
      else if (aw) ctx.edit(call.childForFieldName('function')!.childForFieldName('attribute')!, 'getconn', 'await pool.acquire() -> await pool.getconn()');
      else return ctx.flag(call, 'pool.acquire() left as is: in psycopg async with pool.connection() as conn, or conn = await pool.getconn()', 'acquire()');
      return ctx.ported(call);
    }
    case 'release':
      ctx.edit(call.childForFieldName('function')!.childForFieldName('attribute')!, 'putconn', 'pool.release(conn) -> pool.putconn(conn)');
      return ctx.ported(call);
    case 'close':
      return;
    case 'terminate':
      if (call.parent?.type === 'expression_statement') {
        ctx.edit(call, `await ${recv}.close(timeout=0)`, 'pool.terminate() -> await pool.close(timeout=0)');
        return ctx.ported(call);
      }
      return ctx.flag(call, 'pool.terminate() left as is: in psycopg await pool.close(timeout=0)', 'terminate()');
    case 'get_size':
    case 'get_idle_size':
      ctx.edit(call, `${recv}.get_stats()["${method === 'get_size' ? 'pool_size' : 'pool_available'}"]`, `pool.${method}() -> pool.get_stats()`);
      return ctx.ported(call);
    case 'get_min_size':
    case 'get_max_size':
      ctx.edit(call, `${recv}.${method === 'get_min_size' ? 'min_size' : 'max_size'}`, `pool.${method}() -> attribute`);
      return ctx.ported(call);
  }
  if (QUERY.has(method)) return positional.length || keywords.size ? 'shortcut' : undefined;
  ctx.flag(call, `asyncpg pool.${method}() has no psycopg port here: see psycopg_pool.AsyncConnectionPool`, `pool.${method}()`);
}

/** Why a set_type_codec() call is not the text json/jsonb codec that asyncpg_compat.set_type_codec ports, or null. */
function typeCodecBlocker(call: Node): string | null {
  const { positional, keywords, opaque } = callParts(call);
  if (opaque) return 'its arguments include **kwargs';
  const type = positional[0] ? stringValue(positional[0]) : null;
  if (positional.length !== 1 || (type !== 'json' && type !== 'jsonb')) return `only the json and jsonb codecs are ported, and this one is for ${type === null ? 'a type named at runtime' : `'${type}'`}`;
  const format = keywords.get('format');
  if (format && stringValue(format) !== 'text') return `only text codecs are ported, and this one has format=${format.text}`;
  return null;
}
