import { asyncpgError } from '../../../../src/drivers/index.js';
import { pyString } from '../../../../src/languages/python/mapping.js';
import type { Node } from '../../../../src/languages/python/parser.js';
import { descendants, stringValue } from '../../../../src/languages/python/syntax.js';
import { callText, type Item } from './call-layout.js';
import { awaitOf, callParts, type PortContext } from './plan.js';

const SSL_MODES = new Set(['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full']);
/** Options that only tune asyncpg's statement cache: psycopg's prepare_threshold=None replaces them. */
const CACHE_ONLY = new Set(['statement_cache_size', 'max_cached_statement_lifetime', 'max_cacheable_statement_size']);
const SAME_NAME = new Set(['host', 'port', 'user', 'password', 'passfile']);

interface Mapped {
  /** `name=value` pairs for psycopg's connect (or the pool's kwargs), with the keyword argument each comes from. */
  kw: [string, string, Node][];
  dropped: string[];
  notes: string[];
}

/** asyncpg connect keywords -> libpq/psycopg ones; null with the reason when one has no exact twin. */
function mapConnectKeywords(keywords: Map<string, Node>): Mapped | { why: string } {
  const out: Mapped = { kw: [], dropped: [], notes: [] };
  for (const [k, v] of keywords) {
    const arg = v.parent!;
    if (SAME_NAME.has(k)) out.kw.push([k, v.text, arg]);
    else if (k === 'database') out.kw.push(['dbname', v.text, arg]);
    else if (k === 'dsn') continue;
    else if (CACHE_ONLY.has(k)) out.dropped.push(k);
    else if (k === 'ssl') {
      const s = stringValue(v);
      if (s !== null && SSL_MODES.has(s)) out.kw.push(['sslmode', pyString(s), arg]);
      else if (v.type === 'false') out.kw.push(['sslmode', '"disable"', arg]);
      else return { why: `ssl=${v.text}: give psycopg sslmode= (and sslrootcert=/sslcert=/sslkey= files) instead of an SSL context` };
    } else if (k === 'timeout') {
      if (!/^\d+(\.\d+)?$/.test(v.text)) return { why: `timeout=${v.text}: psycopg takes connect_timeout= in whole seconds` };
      out.kw.push(['connect_timeout', String(Math.max(1, Math.ceil(Number(v.text)))), arg]);
    } else if (k === 'command_timeout') {
      out.dropped.push(k);
      out.notes.push(`command_timeout=${v.text} was dropped: psycopg has no per-query client timeout; wrap slow calls in asyncio.wait_for(..., ${v.text}) (psycopg then cancels the query on the server), or set statement_timeout on the server side`);
    } else if (k === 'server_settings') {
      if (v.type !== 'dictionary') return { why: 'server_settings is not a dict literal: give psycopg application_name= and options="-c name=value"' };
      const opts: string[] = [];
      for (const pair of v.namedChildren) {
        if (pair?.type !== 'pair') return { why: 'server_settings has a part that is not a plain key: value' };
        const key = stringValue(pair.childForFieldName('key')!);
        const val = stringValue(pair.childForFieldName('value')!);
        if (key === 'application_name') out.kw.push(['application_name', pair.childForFieldName('value')!.text, arg]);
        else if (key !== null && val !== null && /^[\w.]+$/.test(key) && !/[\s\\]/.test(val)) opts.push(`-c ${key}=${val}`);
        else return { why: `server_settings ${pair.text}: give psycopg options="-c name=value" (a start-up parameter, as with asyncpg)` };
      }
      if (opts.length) out.kw.push(['options', pyString(opts.join(' ')), arg]);
    } else return { why: `${k}= has no psycopg twin` };
  }
  return out;
}

/** `$n` SQL on raw cursors (the default), or psycopg's `%s` (--placeholders percent). */
const rawSql = (ctx: PortContext) => ctx.input.placeholders !== 'percent';

/** The options every ported connection gets: asyncpg's autocommit outside transaction(), no preparation, `$n` SQL kept (unless --placeholders percent). */
function coreOptions(ctx: PortContext): [string, string][] {
  ctx.plan.needs.psycopg = true;
  return [
    ['autocommit', 'True'],
    ['prepare_threshold', 'None'],
    ...(rawSql(ctx) ? [['cursor_factory', 'psycopg.AsyncRawCursor'] as [string, string]] : []),
    ['context', ctx.compat('ASYNCPG_TYPES')],
  ];
}

/** SQLSTATEs a server sends while a connection starts: unknown database, authentication, no slot, no CONNECT right. */
export const STARTUP_SQLSTATES = new Set(['3D000', '28000', '28P01', '53300', '57P03', '42501']);

/**
 * An asyncpg startup error class caught by a try around the call: asyncpg raises it from connect(), psycopg
 * raises psycopg.OperationalError without a SQLSTATE for every failed connection, so the handler would stop
 * matching once the call is ported.
 */
function startupErrorCaught(call: Node): string | null {
  for (let p = call.parent; p; p = p.parent) {
    if (p.type === 'function_definition' || p.type === 'class_definition' || p.type === 'lambda') return null;
    const body = p.type === 'try_statement' ? p.childForFieldName('body') : null;
    if (!body || call.startIndex < body.startIndex || call.endIndex > body.endIndex) continue;
    for (const h of p.namedChildren) {
      if (h?.type !== 'except_clause') continue;
      for (const part of h.namedChildren) {
        if (!part || part.type === 'block') continue;
        for (const id of descendants(part, 'identifier')) if (asyncpgError(id.text)?.sqlstates.some((s) => STARTUP_SQLSTATES.has(s))) return id.text;
      }
    }
  }
  return null;
}

const startupAdvice = (name: string) =>
  `the except clause around it catches ${name}, which psycopg never raises from connect (every failed connection is psycopg.OperationalError with no SQLSTATE): catch psycopg.OperationalError and tell the cases apart by its message, then port the call`;

/** `await asyncpg.connect(dsn, **kw)` -> `await psycopg.AsyncConnection.connect(dsn, autocommit=True, prepare_threshold=None, ...)`. */
export function portConnect(ctx: PortContext, call: Node): void {
  const { positional, keywords, opaque } = callParts(call);
  const caught = startupErrorCaught(call);
  const m = caught ? { why: startupAdvice(caught) } : opaque ? { why: 'its arguments include **kwargs' } : positional.length > 1 ? { why: 'more than one positional argument' } : mapConnectKeywords(keywords);
  if ('why' in m) return ctx.flag(call, `asyncpg.connect() left as is: ${m.why}. In psycopg: await psycopg.AsyncConnection.connect(conninfo, autocommit=True, prepare_threshold=None${rawSql(ctx) ? ', cursor_factory=psycopg.AsyncRawCursor' : ''})`, 'asyncpg.connect()');
  const items = [dsnItem(positional, keywords), ...keywordItems(m.kw), ...coreOptions(ctx).map(([k, v]) => ({ text: `${k}=${v}` }))];
  ctx.edit(call, callText(ctx, call, 'psycopg.AsyncConnection.connect', items), `asyncpg.connect() -> psycopg.AsyncConnection.connect()${m.dropped.length ? ` (dropped: ${m.dropped.join(', ')})` : ''}`);
  for (const n of m.notes) ctx.note(call, n);
  ctx.ported(call);
  ctx.plan.handled.add(call.childForFieldName('function')!.startIndex);
}

/** The conninfo argument: asyncpg's dsn, given by position or by name. */
function dsnItem(positional: Node[], keywords: Map<string, Node>): Item {
  const dsn = positional[0] ?? keywords.get('dsn')?.parent;
  return dsn ? { text: dsn.type === 'keyword_argument' ? dsn.childForFieldName('value')!.text : dsn.text, from: dsn } : { text: '""' };
}

/** Mapped keywords as call arguments (`k=v`) or dict entries (`"k": v`); one keyword mapped to two keeps its comments once. */
function keywordItems(kw: [string, string, Node][], key?: (k: string) => string): Item[] {
  const seen = new Set<number>();
  return kw.map(([k, v, from]) => {
    const first = !seen.has(from.id);
    seen.add(from.id);
    return { text: key ? `${key(k)}: ${v}` : `${k}=${v}`, from: first ? from : undefined };
  });
}

const POOL_ONLY = new Set(['min_size', 'max_size', 'max_queries', 'max_inactive_connection_lifetime', 'init', 'setup', 'reset', 'loop', 'connection_class', 'record_class']);

/**
 * `pool = await asyncpg.create_pool(...)` -> `pool = psycopg_pool.AsyncConnectionPool(..., open=False)`
 * then `await pool.open()` (opening in the constructor is deprecated); `async with create_pool(...) as p`
 * opens it on entry. asyncpg's sizes (10 and 10) are written out: psycopg's defaults differ.
 */
export function portCreatePool(ctx: PortContext, call: Node): void {
  const { positional, keywords, opaque } = callParts(call);
  const connectKw = new Map([...keywords].filter(([k]) => !POOL_ONLY.has(k)));
  const caught = startupErrorCaught(call);
  const m = caught ? { why: startupAdvice(caught) } : opaque ? { why: 'its arguments include **kwargs' } : positional.length > 1 ? { why: 'more than one positional argument' } : mapConnectKeywords(connectKw);
  const unsupported = [...keywords.keys()].filter((k) => ['reset', 'loop', 'connection_class', 'record_class'].includes(k));
  const aw = awaitOf(call);
  const assign = aw?.parent?.type === 'assignment' && aw.parent.childForFieldName('right')?.id === aw.id && aw.parent.parent?.type === 'expression_statement' ? aw.parent : null;
  const inWith = call.parent?.type === 'as_pattern' || call.parent?.type === 'with_item';
  const returned = aw?.parent?.type === 'return_statement' && aw.parent.parent?.type === 'block' ? aw.parent : null;
  const why = 'why' in m ? m.why : unsupported.length ? `${unsupported.join(', ')}= has no psycopg_pool twin` : !assign && !inWith && !returned ? 'the pool is not assigned to a name or opened by async with, so where to call await pool.open() is not clear' : null;
  if (why || 'why' in m) return ctx.flag(call, `asyncpg.create_pool() left as is: ${why}. In psycopg: pool = psycopg_pool.AsyncConnectionPool(conninfo, min_size=10, max_size=10, open=False, reset=reset, kwargs={"autocommit": True, "prepare_threshold": None${rawSql(ctx) ? ', "cursor_factory": psycopg.AsyncRawCursor' : ''}}), then await pool.open(); reset is what asyncpg runs on release: async def reset(conn): await conn.execute("SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL")`, 'asyncpg.create_pool()');
  ctx.plan.needs.pool = true;
  const kwargs: Item[] = [...keywordItems(m.kw, pyString), ...coreOptions(ctx).map(([k, v]) => ({ text: `${pyString(k)}: ${v}` }))];
  const renamed = (from: string, to: string, otherwise?: string): Item[] => {
    const v = keywords.get(from);
    return v ? [{ text: `${to}=${v.text}`, from: v.parent! }] : otherwise ? [{ text: `${to}=${otherwise}` }] : [];
  };
  const args: Item[] = [
    dsnItem(positional, keywords),
    ...renamed('min_size', 'min_size', '10'),
    ...renamed('max_size', 'max_size', '10'),
    ...renamed('max_inactive_connection_lifetime', 'max_idle'),
    ...renamed('init', 'configure'),
    // asyncpg's setup runs on every acquire; psycopg_pool's check does too (a failure discards that connection).
    ...renamed('setup', 'check'),
    // asyncpg resets a connection it takes back (RESET ALL, UNLISTEN *, advisory locks); psycopg_pool only when told.
    { text: `reset=${ctx.compat('reset_connection')}` },
    { text: 'open=False' },
    { text: '', key: 'kwargs', entries: kwargs },
  ];
  const mq = keywords.get('max_queries');
  if (mq) ctx.note(call, `max_queries=${mq.text} was dropped: psycopg_pool renews connections by age (max_lifetime=seconds), not by query count`);
  for (const n of m.notes) ctx.note(call, n);
  const ctor = callText(ctx, call, 'psycopg_pool.AsyncConnectionPool', args);
  if (assign) {
    const target = assign.childForFieldName('left')!.text;
    const stmt = assign.parent!;
    ctx.edit(aw!, ctor, 'asyncpg.create_pool() -> psycopg_pool.AsyncConnectionPool(open=False)');
    ctx.insert(stmt.endIndex, `${ctx.input.eol}${ctx.indentOf(stmt)}await ${target}.open()`, 'the pool opens explicitly');
  } else if (returned) {
    // `return await create_pool(...)`: a factory; the pool is opened before it is handed out.
    const name = ctx.freshName(returned, 'pool');
    const indent = ctx.indentOf(returned);
    const eol = ctx.input.eol;
    ctx.edit(returned, `${name} = ${ctor}${eol}${indent}await ${name}.open()${eol}${indent}return ${name}`, 'asyncpg.create_pool() -> psycopg_pool.AsyncConnectionPool(open=False), opened, returned');
  } else ctx.edit(aw ?? call, ctor, 'asyncpg.create_pool() -> psycopg_pool.AsyncConnectionPool(open=False), opened by async with');
  ctx.ported(call);
  ctx.plan.handled.add(call.childForFieldName('function')!.startIndex);
}
