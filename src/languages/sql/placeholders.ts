import { scanSql } from './scan.js';

/** A replacement in the query text. */
export interface SqlEdit {
  start: number;
  end: number;
  text: string;
}

/**
 * asyncpg's `$n` query in psycopg's `%s` style, for a call that passes parameters:
 * - `positional`: `$1..$N` each once, in order -> `%s`, and the arguments stay a tuple. psycopg
 *   numbers them `$1..$N` again, so the server gets the very text asyncpg sent.
 * - `named`: anything else (a `$n` twice, out of order) -> `%(pN)s`, the arguments a dict
 *   `{"p1": ..., ...}`. psycopg sends a repeated name as one `$k`, so the server still sees one
 *   parameter (one inferred type) and each argument is evaluated once, as with asyncpg.
 * Every `%` of the text becomes `%%`, in strings and comments too: psycopg reads the whole text.
 * That holds only when parameters are passed; without them psycopg sends the text as it is.
 */
export interface PercentQuery {
  style: 'positional' | 'named';
  /** The parameter numbers used, ascending, each once. */
  numbers: number[];
  edits: SqlEdit[];
}

export function toPercent(sql: string): PercentQuery | { why: string } {
  const scan = scanSql(sql);
  if ('why' in scan) return scan;
  const order = scan.placeholders.map((p) => p.n);
  const style = order.every((n, i) => n === i + 1) ? 'positional' : 'named';
  const edits: SqlEdit[] = scan.placeholders.map((p) => ({ start: p.start, end: p.end, text: style === 'positional' ? '%s' : `%(p${p.n})s` }));
  for (let i = sql.indexOf('%'); i >= 0; i = sql.indexOf('%', i + 1)) edits.push({ start: i, end: i + 1, text: '%%' });
  edits.sort((a, b) => a.start - b.start);
  return { style, numbers: [...new Set(order)].sort((a, b) => a - b), edits };
}

/** The numbers are exactly 1..count: every argument used, none missing (asyncpg's success case). */
export function usesAll(numbers: readonly number[], count: number): boolean {
  return numbers.length === count && numbers.every((n, i) => n === i + 1);
}

export function applySqlEdits(sql: string, edits: readonly SqlEdit[]): string {
  let out = '';
  let at = 0;
  for (const e of edits) {
    out += sql.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + sql.slice(at);
}
