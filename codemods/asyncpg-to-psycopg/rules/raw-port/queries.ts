import { ASYNCPG_QUERY_METHODS } from '../../../../src/drivers/asyncpg-api.js';
import { loopRowShape, rowShape, type RowShape } from '../../../../src/languages/python/asyncpg-model/rows.js';
import { enclosingFunction } from '../../../../src/languages/python/asyncpg-model/scope.js';
import type { Node } from '../../../../src/languages/python/parser.js';
import { stringValue } from '../../../../src/languages/python/syntax.js';
import { lineStart } from '../../../../src/codemod/layout.js';
import { jsonParamRisk } from './json-params.js';
import { awaitOf, callParts, type PortContext } from './plan.js';
import { dropArgument, gatherParams, reshape, type Splice } from './splices.js';
import { callArgs, manyArgs, preparedArgs, rawCursor, rawCursorClass, type SqlArgs } from './sql-args.js';

const COMPAT_CALLS = new Set(['set_type_codec', 'add_listener', 'remove_listener', 'copy_records_to_table', 'copy_to_table', 'copy_from_query', 'copy_from_table']);

/** The cursor expression for a row shape (psycopg's default rows are tuples), on the connection or a raw cursor of its own. */
function cursorFor(ctx: PortContext, recv: string, shape: RowShape | 'scalar', raw: boolean): string {
  const factory = shape === 'tuple' ? undefined : shape === 'scalar' ? 'scalar_row' : shape === 'dict' ? 'dict_row' : ctx.compat('record_row');
  if (shape === 'scalar' || shape === 'dict') ctx.plan.needs.rows.add(factory!);
  if (raw) return rawCursor(ctx, recv, factory);
  return factory ? `${recv}.cursor(row_factory=${factory})` : recv;
}

/** The splices that hand a call's query and parameters to psycopg as sql-args.ts decided; null: they cannot be one sequence. */
function argumentSplices(ctx: PortContext, call: Node, query: Node, rest: Node[], a: SqlArgs): Splice[] | null {
  const out: Splice[] = a.query !== null ? [{ start: query.startIndex, end: query.endIndex, text: a.query }] : [];
  if (a.params === 'gather') {
    const g = gatherParams(ctx, call, rest);
    if (!g) return null;
    out.push(...g);
  } else if (a.params === 'tuple') out.push({ start: rest[0]!.startIndex, end: rest[0]!.endIndex, text: `tuple(${rest[0]!.namedChildren[0]!.text})` });
  else out.push({ start: rest[0]!.startIndex, end: rest[rest.length - 1]!.endIndex, text: a.params.named });
  return out;
}

/**
 * `await conn.fetch(q, a, b)` and friends on a connection: the splices that make the call return the
 * same value in psycopg (`wholeAwait`: they reach out to its `await`), or the reason there are none.
 */
export function queryPort(ctx: PortContext, call: Node, recv: string): { splices: Splice[]; wholeAwait?: true } | { why: string } {
  const { method, positional, keywords, opaque } = callParts(call);
  if (opaque) return { why: 'its arguments include **kwargs' };
  // asyncpg's NO_TIMEOUT: no timeout at all, as every psycopg query has.
  const noTimeout = isNoTimeout(ctx, keywords.get('timeout'));
  if (noTimeout) ctx.plan.handled.add(keywords.get('timeout')!.startIndex);
  // A per-call timeout: asyncio.wait_for cancels the query on the server, as asyncpg does; only where the port is one coroutine.
  const timeout = (method === 'execute' || method === 'executemany') && !noTimeout ? keywords.get('timeout') : undefined;
  const bad = [...keywords.keys()].filter((k) => !(method === 'fetchval' && k === 'column') && !((timeout || noTimeout) && k === 'timeout'));
  if (bad.length) return { why: `${bad.map((k) => `${k}=`).join(', ')} has no psycopg argument (a per-call timeout is asyncio.wait_for(...) around the call)` };
  const [query, ...rest] = positional;
  if (!query) return { why: 'no query argument' };
  const json = jsonParamRisk(ctx, query, rest, method!);
  if (json) return { why: json };
  const aw = awaitOf(call);
  if (!aw) return { why: 'the coroutine is not awaited where it is made, so its port would run at a different time' };
  const column = keywords.get('column');
  if (column && column.text !== '0') return { why: 'fetchval(column=N): in psycopg row = await (await conn.execute(q, params)).fetchone(), then None if row is None else row[N]' };
  const dropped = [timeout ?? (noTimeout ? keywords.get('timeout') : undefined), column].filter((k): k is Node => !!k).map((k) => dropArgument(ctx.text, call, k.parent!));
  if (timeout) ctx.plan.needs.asyncio = true;
  /** `head(` for `recv.method(`; the call's `)` gets `tail`; a timeout wraps the coroutine in asyncio.wait_for. */
  const port = (head: string, tail: string, params: Splice[], wholeAwait?: true) => {
    const [open, close] = timeout ? reshape(call, `asyncio.wait_for(${head}`, `, ${timeout.text})${tail}`) : reshape(call, head, tail);
    const splices = [open!, ...params, ...dropped, close!];
    return wholeAwait ? { splices: [{ start: aw.startIndex, end: aw.startIndex, text: '(' }, ...splices], wholeAwait } : { splices };
  };
  if (method === 'executemany') {
    if (rest.length !== 1) return { why: 'executemany takes the query and one sequence of argument tuples' };
    const m = manyArgs(ctx, query);
    return port(`${m.raw ? rawCursor(ctx, recv) : `${recv}.cursor()`}.executemany(`, '', m.query !== null ? [{ start: query.startIndex, end: query.endIndex, text: m.query }] : []);
  }
  const a = callArgs(ctx, query, rest);
  const params = a && argumentSplices(ctx, call, query, rest, a);
  if (!a || !params) return { why: 'its arguments cannot be gathered into one sequence' };
  const on = a.raw ? rawCursor(ctx, recv) : recv;
  switch (method) {
    case 'fetch':
      return port(`(await ${cursorFor(ctx, recv, rowShape(aw, true), a.raw)}.execute(`, ').fetchall()', params);
    case 'fetchrow':
      return port(`(await ${cursorFor(ctx, recv, rowShape(aw, false), a.raw)}.execute(`, ').fetchone()', params);
    case 'fetchval':
      return port(`(await ${cursorFor(ctx, recv, 'scalar', a.raw)}.execute(`, ').fetchone()', params);
    case 'execute': {
      if (aw.parent?.type === 'expression_statement') return port(`${on}.execute(`, '', params);
      // asyncpg returns the LAST statement's status of a multi-statement script; psycopg's cursor starts at the first.
      const sql = stringValue(query);
      if (!rest.length && (sql === null || /;\s*\S/.test(sql))) return port(`${ctx.compat('script_status')}(${recv}, `, '', params);
      // An attribute, not a coroutine: the port reaches out to the `await`.
      return port(`${on}.execute(`, ').statusmessage', params, true);
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
  if (ASYNCPG_QUERY_METHODS.has(method)) {
    const r = queryPort(ctx, call, recv);
    if ('splices' in r) {
      for (const sp of r.splices) ctx.splice(sp, `${method}() -> psycopg cursor`);
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
    jsonCodecNote(ctx, call);
  }
  if (COMPAT_CALLS.has(method)) {
    // `conn.copy_to_table(` -> `asyncpg_compat.copy_to_table(conn, `, the arguments where they stand.
    const [first, second] = call.childForFieldName('arguments')!.namedChildren.filter((a) => a && a.type !== 'comment');
    const [head] = reshape(call, `${ctx.compat(method)}(${first ? '' : recv}`);
    const startsLine = (n: Node) => /^[ \t]*$/.test(ctx.text.slice(lineStart(ctx.text, n.startIndex), n.startIndex));
    const ownLine = first && startsLine(first) && (!second || startsLine(second));
    const conn = first ? [{ start: first.startIndex, end: first.startIndex, text: ownLine ? `${recv},${ctx.input.eol}${ctx.indentOf(first)}` : `${recv}, ` }] : [];
    // set_type_codec registers adapters at once: no coroutine in psycopg.
    const aw = awaitOf(call);
    const what = method === 'set_type_codec' ? 'set_type_codec() -> psycopg adapters' : `${method}() -> asyncpg_compat.${method}() on psycopg`;
    for (const sp of [...(method === 'set_type_codec' && aw ? [{ start: aw.startIndex, end: call.startIndex, text: '' }] : []), head!, ...conn]) ctx.splice(sp, what);
    ctx.ported(call);
    return;
  }
  if (method === 'prepare') {
    const aw = awaitOf(call);
    const { positional, keywords } = callParts(call);
    if (!aw || positional.length !== 1 || keywords.size) return ctx.flag(call, 'asyncpg prepare() left as is: write asyncpg_compat.PreparedStatement(conn, query) (same methods, run unprepared, pooler-safe)', 'prepare()');
    const p = preparedArgs(ctx, positional[0]!);
    ctx.edit(aw, `${ctx.compat('PreparedStatement')}(${recv}, ${p.query ?? positional[0]!.text}${p.raw ? `, cursor_factory=${rawCursorClass(ctx)}` : ''})`, 'prepare() -> unprepared statement object (pooler-safe)');
    ctx.ported(call);
    return;
  }
  if (method === 'cursor') {
    const { positional, keywords, opaque } = callParts(call);
    const loop = call.parent?.type === 'for_statement' || call.parent?.type === 'for_in_clause' ? call.parent : null;
    const a = positional[0] ? callArgs(ctx, positional[0], positional.slice(1)) : null;
    const params = a && argumentSplices(ctx, call, positional[0]!, positional.slice(1), a);
    if (!loop || !/^async\b/.test(loop.text) || opaque || keywords.size || !a || !params) {
      return ctx.flag(call, 'asyncpg cursor() left as is: in psycopg iterate async for row in await conn.execute(query, params) (rows are fetched as you go only with a named cursor: conn.cursor(name=...))', 'cursor()');
    }
    const [open] = reshape(call, `await ${cursorFor(ctx, recv, loopRowShape(loop), a.raw)}.execute(`);
    for (const sp of [open!, ...params]) ctx.splice(sp, 'cursor() iteration -> psycopg cursor');
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
    case 'terminate': {
      // asyncpg's terminate() is not a coroutine (signal handlers, atexit); psycopg's close() must be awaited.
      const fn = enclosingFunction(call);
      if (call.parent?.type === 'expression_statement' && fn && /^async\b/.test(fn.text)) {
        ctx.edit(call, `await ${recv}.close(timeout=0)`, 'pool.terminate() -> await pool.close(timeout=0)');
        return ctx.ported(call);
      }
      return ctx.flag(call, `pool.terminate() left as is: psycopg's pool closes only with await pool.close(timeout=0)${fn && !/^async\b/.test(fn.text) ? ', and this function is not async' : ''}`, 'terminate()');
    }
    case 'get_size':
    case 'get_idle_size':
      ctx.edit(call, `${recv}.get_stats()["${method === 'get_size' ? 'pool_size' : 'pool_available'}"]`, `pool.${method}() -> pool.get_stats()`);
      return ctx.ported(call);
    case 'get_min_size':
    case 'get_max_size':
      ctx.edit(call, `${recv}.${method === 'get_min_size' ? 'min_size' : 'max_size'}`, `pool.${method}() -> attribute`);
      return ctx.ported(call);
  }
  if (ASYNCPG_QUERY_METHODS.has(method)) return positional.length || keywords.size ? 'shortcut' : undefined;
  ctx.flag(call, `asyncpg pool.${method}() has no psycopg port here: see psycopg_pool.AsyncConnectionPool`, `pool.${method}()`);
}

/** asyncpg PreparedStatement methods asyncpg_compat.PreparedStatement has not, with what to write in psycopg. */
const PREPARED_MISSING: Record<string, string> = {
  cursor: 'async for row in await conn.execute(query, params)',
  explain: 'await (await conn.execute("EXPLAIN (FORMAT JSON) " + query, params)).fetchone()',
  fetchmany: 'cur = conn.cursor(); await cur.executemany(query, args, returning=True), then read each result with cur.fetchall() and cur.nextset()',
  get_attributes: 'cur = await conn.execute(query, params), then cur.description (name and type of each column)',
  get_parameters: 'no twin: psycopg does not describe parameters without preparing',
  get_statusmsg: 'cur = await conn.execute(query, params), then cur.statusmessage',
  get_name: 'no twin: the compat statement is never prepared, so it has no name',
};

/** Calls on a `conn.prepare()` result, now asyncpg_compat.PreparedStatement: only what it has stays. */
export function preparedCall(ctx: PortContext, call: Node, method: string): void {
  const { keywords } = callParts(call);
  const extra = [...keywords.keys()].filter((k) => !(method === 'fetchval' && k === 'column'));
  const missing = PREPARED_MISSING[method];
  if (missing) ctx.flag(call, `prepared statement ${method}() left as is: asyncpg_compat.PreparedStatement (what conn.prepare() becomes) has only get_query/fetch/fetchrow/fetchval/executemany. In psycopg: ${missing}`, `PreparedStatement.${method}()`);
  else if (extra.length && /^(fetch|fetchrow|fetchval|executemany)$/.test(method)) ctx.flag(call, `prepared statement ${method}(${extra.map((k) => `${k}=`).join(', ')}) left as is: asyncpg_compat.PreparedStatement takes no such argument (a per-call timeout is asyncio.wait_for(...) around the call)`, `PreparedStatement.${method}()`);
}

/**
 * A ported json/jsonb codec: psycopg chooses a dumper by Python type, so only dicts go through the
 * encoder, where asyncpg encoded any value given for a json/jsonb parameter (json-params.ts holds
 * back the `$n::json` parameters it can see; a column's own type it cannot).
 */
function jsonCodecNote(ctx: PortContext, call: Node): void {
  const typename = stringValue(callParts(call).positional[0]!);
  ctx.note(call, `set_type_codec("${typename}") ported: values read back are decoded as before, but only dict parameters go through the encoder; asyncpg also encoded lists, strings and numbers given for a ${typename} parameter. Wrap those in psycopg.types.json.${typename === 'jsonb' ? 'Jsonb' : 'Json'}(value) (a str passed today was stored as a JSON string; unwrapped it is now parsed as JSON)`);
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
