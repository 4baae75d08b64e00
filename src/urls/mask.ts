/**
 * Masks credentials in anything printed: URL passwords (any scheme; the password runs to the LAST
 * `@` of the URL token, so unencoded `@ % : / ? # '` are covered), `password=` items and
 * assignments whose name says password or secret (.env, YAML, compose, shell, Python, JSON).
 *
 * It finds the byte range of each password and replaces only that range, one line at a time: every
 * other byte (diff prefixes, quotes, type annotations, JSON escapes, line ends) is left as it was.
 * A range never holds half of a backslash escape, so masked JSON text stays valid JSON.
 */
import { keyedValues, isReference, type Span } from './mask-keyed.js';

export const MASK = '****';

const SCHEME = /[a-z][a-z0-9+.-]*:\/\//gi;
// Characters that end the user name of `scheme://user:`.
const USER_STOP = /[\s:/?#@'"`<>\\]/;

export function maskSecrets(text: string): string {
  if (!text.includes('@') && !/pass|pwd|secret/i.test(text)) return text; // the common case, kept cheap
  // Line by line (CR, LF or CRLF): no password, and so no mask, ever spans a line end.
  return text
    .split(LINE_END)
    .map((part, i) => (i % 2 ? part : maskLine(part)))
    .join('');
}

const LINE_END = /(\r\n|\r|\n)/;

/** The passwords a text holds, as written (for masking their echoes elsewhere). */
export function passwordsIn(text: string): string[] {
  return text.split(LINE_END).flatMap((line, i) => (i % 2 ? [] : secretSpans(line).map(({ start, end }) => line.slice(start, end))));
}

function maskLine(line: string): string {
  const spans = secretSpans(line);
  if (!spans.length) return line;
  let out = '';
  let at = 0;
  for (const s of spans) {
    out += line.slice(at, s.start) + (s.replacement ?? MASK);
    at = s.end;
  }
  return out + line.slice(at);
}

/** Sorted, non-overlapping password ranges of one line. */
function secretSpans(line: string): Span[] {
  const urls = urlPasswords(line);
  const all = [...urls.spans, ...keyedValues(line, urls.taken)].sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of all) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) merged[merged.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
    else merged.push(s);
  }
  return merged;
}

/** URL password spans, and each URL's text up to its query (no `NAME: value` is read in there). */
function urlPasswords(line: string): { spans: Span[]; taken: Span[] } {
  const spans: Span[] = [];
  const taken: Span[] = [];
  SCHEME.lastIndex = 0;
  for (let m = SCHEME.exec(line); m; m = SCHEME.exec(line)) {
    const hostFrom = m.index + m[0].length;
    const end = urlTokenEnd(line, hostFrom, m.index);
    const at = line.lastIndexOf('@', end - 1);
    const query = line.indexOf('?', Math.max(at, hostFrom));
    taken.push({ start: m.index, end: query >= 0 && query < end ? query : end });
    let i = hostFrom;
    while (i < end && !USER_STOP.test(line[i]!)) i++;
    if (line[i] !== ':' || at <= i) continue;
    const pw = line.slice(i + 1, at);
    if (pw !== '' && pw !== MASK && !isReference(pw)) spans.push({ start: i + 1, end: at });
    SCHEME.lastIndex = at + 1; // a `://` inside the password starts no URL
  }
  return { spans, taken };
}

/**
 * Where the URL that starts at `schemeAt` ends. Whitespace, backticks and <> always end it; a
 * quote ends it when it can close the quote the URL was opened with (a bare URL may hold `'`).
 * Backslash escapes are taken whole; an escaped quote closes a URL opened by that escaped quote.
 */
function urlTokenEnd(line: string, from: number, schemeAt: number): number {
  const opener = line[schemeAt - 1] ?? '';
  const escaped = opener !== '' && line[schemeAt - 2] === '\\';
  let i = from;
  while (i < line.length) {
    const c = line[i]!;
    if (/[\s`<>]/.test(c)) break;
    if (c === '"' && opener !== "'") break;
    if (c === "'" && opener === "'") break;
    if (c === '\\') {
      const next = line[i + 1];
      if (next === undefined || /[nrtu]/.test(next) || (escaped && next === opener)) break;
      i += 2;
      continue;
    }
    i++;
  }
  return Math.min(i, line.length);
}

/**
 * Masks every string inside data (arrays and objects, recursively), and the whole value of any
 * field whose name says password or secret (unless `mask` is the identity of --show-secrets).
 * Object keys are left alone: they are names the program chose. Serialise the result afterwards,
 * so that escaping happens after masking.
 */
export function maskDeep<T>(value: T, mask: (s: string) => string): T {
  return walk(value, mask) as T;
}

const SECRET_FIELD = /^[\w.-]*(?:password|passwd|pwd|secret)[\w.-]*$/i;

function walk(v: unknown, mask: (s: string) => string, key?: string): unknown {
  const secretField = key !== undefined && mask !== identity && SECRET_FIELD.test(key);
  if (typeof v === 'string') return secretField && v !== '' && !isReference(v) ? MASK : mask(v);
  if (typeof v === 'number' && secretField) return MASK;
  if (Array.isArray(v)) return v.map((x) => walk(x, mask));
  if (v && typeof v === 'object') {
    // What JSON.stringify would print: toJSON() where there is one (Date, Buffer), else the own fields.
    const json = (v as { toJSON?: (key?: string) => unknown }).toJSON;
    if (typeof json === 'function') return walk(json.call(v, key ?? ''), mask, key);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, mask, k)]));
  }
  return v;
}

const identity = (s: string) => s;

/**
 * Identity when secrets may be shown. `known` are texts the user gave (a URL, a conninfo): their
 * passwords are also masked wherever they show up verbatim, e.g. in a host or database name that
 * an odd URL was split into.
 */
export function secretFilter(showSecrets: boolean, known: readonly string[] = []): (s: string) => string {
  if (showSecrets) return identity;
  const literals = [...new Set(known.flatMap((k) => withDecoded(passwordsIn(k))))].filter((p) => p.length >= 3).sort((a, b) => b.length - a.length);
  if (!literals.length) return maskSecrets;
  return (s) => maskLiterals(maskSecrets(s), literals);
}

function withDecoded(pws: string[]): string[] {
  return pws.flatMap((p) => {
    try {
      return [p, decodeURIComponent(p)];
    } catch {
      return [p];
    }
  });
}

/** Replaces verbatim occurrences, never one right after a backslash (that would split an escape). */
function maskLiterals(s: string, literals: readonly string[]): string {
  let out = s;
  for (const lit of literals) {
    let from = 0;
    for (let at = out.indexOf(lit, from); at >= 0; at = out.indexOf(lit, from)) {
      if (out[at - 1] === '\\') {
        from = at + 1;
        continue;
      }
      out = out.slice(0, at) + MASK + out.slice(at + lit.length);
      from = at + MASK.length;
    }
  }
  return out;
}
