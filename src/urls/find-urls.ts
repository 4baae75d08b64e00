import { ASYNCPG_SCHEME_RE } from '../drivers/sqlalchemy.js';

export interface QueryParam {
  key: string;
  raw: string;
  /** Range of the whole `key=value` item in the text. */
  start: number;
  end: number;
}

export interface SchemeHit {
  /** Range of `postgresql+asyncpg` / `postgres+asyncpg`. */
  start: number;
  end: number;
  /** Set when the scheme starts a URL (`://` follows). */
  url?: {
    end: number;
    /** Range of the query text after `?` (without it), when there is one. */
    query?: { start: number; end: number; params: QueryParam[] };
  };
}

const STOP = /[\s'"`<>]/;

/**
 * Finds every asyncpg scheme in a text and, for URLs, their extent and query parameters.
 * Template placeholders (`{...}` of f-strings, `${...}` of shells) are part of the URL: stop
 * characters inside them do not end it, and parameters with a placeholder key are kept whole.
 */
export function findAsyncpgSchemes(text: string): SchemeHit[] {
  const hits: SchemeHit[] = [];
  for (const m of text.matchAll(ASYNCPG_SCHEME_RE)) {
    const start = m.index;
    const end = start + m[0].length;
    const hit: SchemeHit = { start, end };
    if (text.startsWith('://', end)) hit.url = scanUrl(text, end + 3);
    hits.push(hit);
  }
  return hits;
}

function scanUrl(text: string, from: number): NonNullable<SchemeHit['url']> {
  let depth = 0;
  let i = from;
  let queryStart = -1;
  let hashAt = -1;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === '\n' || c === '\r') break;
    else if (depth === 0) {
      if (STOP.test(c)) break;
      if (c === ')' && !hasOpenParen(text, from, i)) break;
      if (c === '?' && queryStart < 0) queryStart = i + 1;
      if (c === '#' && queryStart >= 0 && hashAt < 0) hashAt = i;
    }
  }
  // Trailing punctuation of prose ("see postgresql+asyncpg://h/db.") is not part of the URL.
  while (i > from && /[.,;:]/.test(text[i - 1]!)) i--;
  const out: NonNullable<SchemeHit['url']> = { end: i };
  if (queryStart >= 0 && queryStart <= i) {
    const qEnd = hashAt >= 0 && hashAt < i ? hashAt : i;
    out.query = { start: queryStart, end: qEnd, params: splitQuery(text, queryStart, qEnd) };
  }
  return out;
}

function hasOpenParen(text: string, from: number, to: number): boolean {
  let open = 0;
  for (let j = from; j < to; j++) {
    if (text[j] === '(') open++;
    else if (text[j] === ')') open--;
  }
  return open > 0;
}

export function splitQuery(text: string, start: number, end: number): QueryParam[] {
  const params: QueryParam[] = [];
  let depth = 0;
  let itemStart = start;
  for (let i = start; i <= end; i++) {
    const c = i < end ? text[i] : '&';
    if (c === '{') depth++;
    else if (c === '}' && depth > 0) depth--;
    else if (c === '&' && depth === 0) {
      if (i > itemStart) {
        const item = text.slice(itemStart, i);
        const eq = item.indexOf('=');
        params.push({ key: eq < 0 ? item : item.slice(0, eq), raw: eq < 0 ? '' : item.slice(eq + 1), start: itemStart, end: i });
      }
      itemStart = i + 1;
    }
  }
  return params;
}

/**
 * The query string inside one later part of a joined URL, [start, end) of the file: from its
 * first `?` (or from the start when the query began in an earlier part and this part starts a
 * new item with `&`), up to a `#`. null when the part holds no query, or continues an item that
 * began in an earlier part (then it cannot be translated on its own).
 */
export function queryInPart(text: string, start: number, end: number, inQuery: boolean): { start: number; end: number; params: QueryParam[] } | 'continues' | null {
  let qStart = -1;
  if (inQuery) {
    if (start === end) return null;
    if (text[start] !== '&') return 'continues';
    qStart = start + 1;
  } else {
    let depth = 0;
    for (let i = start; i < end; i++) {
      const c = text[i];
      if (c === '{') depth++;
      else if (c === '}' && depth > 0) depth--;
      else if (c === '?' && depth === 0) {
        qStart = i + 1;
        break;
      }
    }
    if (qStart < 0) return null;
  }
  const hash = text.indexOf('#', qStart);
  const qEnd = hash >= 0 && hash < end ? hash : end;
  return { start: qStart, end: qEnd, params: splitQuery(text, qStart, qEnd) };
}
