import { literalMap, rewriteLiteral } from '../../../../src/languages/python/literal-map.js';
import type { Node } from '../../../../src/languages/python/parser.js';
import { toPercent, usesAll } from '../../../../src/languages/sql/placeholders.js';
import type { PortContext } from './plan.js';

/**
 * The SQL and parameters a ported call hands to psycopg, and whether it needs an explicit
 * `psycopg.AsyncRawCursor` for that call.
 *
 * With `--placeholders raw` (the default) every connection's cursors are raw: `$n` SQL stays byte
 * for byte. With `percent` the connections use psycopg's own `%s` cursors, so a SQL literal is
 * rewritten in place (placeholders.ts); where that cannot be exact (SQL in a variable or built by a
 * helper, an f-string, a `$n` set that does not match the arguments) the call keeps asyncpg's SQL on
 * a raw cursor of its own: the exact port, never a guess at what the text will be at run time.
 */
export interface SqlArgs {
  /** The query literal in psycopg's `%s` style, or null: it stays as asyncpg wrote it. */
  query: string | null;
  /**
   * How the arguments become psycopg's one parameter (queries.ts writes it in place): gathered where
   * they stand (`*x` as `x or None`), a lone `*x` as `tuple(x)` (never None), or a dict of named parameters.
   */
  params: 'gather' | 'tuple' | { named: string };
  raw: boolean;
}

const percent = (ctx: PortContext) => ctx.input.placeholders === 'percent';

/** The literal rewritten to `%s` style, or null when it is not a literal this can rewrite exactly. */
function rewritten(query: Node): { text: string; style: 'positional' | 'named'; numbers: number[] } | null {
  const map = literalMap(query);
  if (!map) return null;
  const q = toPercent(map.value);
  if ('why' in q) return null;
  const text = rewriteLiteral(query, map, q.edits);
  return text === null ? null : { text, style: q.style, numbers: q.numbers };
}

/** `fetch(query, *args)` and the like: asyncpg's arguments after the query. Null: they cannot be one sequence. */
export function callArgs(ctx: PortContext, query: Node, rest: Node[]): SqlArgs | null {
  if (rest.some((a) => a.type === 'dictionary_splat' || a.type === 'keyword_argument')) return null;
  // Without parameters psycopg sends the text as it is, on any cursor.
  if (!percent(ctx) || !rest.length) return { query: null, params: 'gather', raw: false };
  const splat = rest.some((a) => a.type === 'list_splat');
  const lone = rest.length === 1 && splat ? rest[0]!.namedChildren[0]!.text : null;
  const r = rewritten(query);
  // SQL without `$n` runs on asyncpg only when `*args` is empty: psycopg then gets None and sends the text as it is.
  if (lone !== null && r?.numbers.length === 0) return { query: null, params: 'gather', raw: false };
  if (r?.style === 'positional' && r.numbers.length && (splat || r.numbers.length === rest.length)) {
    // Never None, so the `%%` always reads as `%`: with the wrong count psycopg fails as asyncpg did.
    return { query: r.text, params: lone !== null ? 'tuple' : 'gather', raw: false };
  }
  if (r?.style === 'named' && !splat && usesAll(r.numbers, rest.length)) {
    return { query: r.text, params: { named: `{${rest.map((a, i) => `"p${i + 1}": ${a.text}`).join(', ')}}` }, raw: false };
  }
  return { query: null, params: 'gather', raw: true };
}

/** `executemany(query, rows)`: parameters are always passed, one row at a time, each a sequence. */
export function manyArgs(ctx: PortContext, query: Node): { query: string | null; raw: boolean } {
  const r = percent(ctx) ? rewritten(query) : null;
  if (r?.style === 'positional') return { query: r.text, raw: false };
  return { query: null, raw: percent(ctx) };
}

/**
 * `prepare(query)`: asyncpg_compat.PreparedStatement passes its arguments as a tuple, always. Kept
 * as asyncpg wrote it (on a raw cursor) when `%(pN)s` would be needed, or when the project reads the
 * text back with get_query(), which must return what asyncpg returned.
 */
export function preparedArgs(ctx: PortContext, query: Node): { query: string | null; raw: boolean } {
  const r = percent(ctx) && !ctx.input.preparedTextRead ? rewritten(query) : null;
  if (r?.style === 'positional') return { query: r.text, raw: false };
  return { query: null, raw: percent(ctx) };
}

/** The cursor to run a ported call on: the connection's own, or a raw one for this call. */
export function rawCursor(ctx: PortContext, recv: string, rowFactory?: string): string {
  return `${rawCursorClass(ctx)}(${recv}${rowFactory ? `, row_factory=${rowFactory}` : ''})`;
}

export function rawCursorClass(ctx: PortContext): string {
  ctx.plan.needs.psycopg = true;
  return 'psycopg.AsyncRawCursor';
}
