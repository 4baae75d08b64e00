/**
 * Values of `NAME = value` items whose NAME says password or secret, within one line: .env and
 * shell (`DB_PASSWORD=x`), libpq conninfo (`password='x'`), YAML (`password: x`), Python
 * (`password="x"`, `DB_PASSWORD: str = "x"`), JSON (`"password": "x"`, also inside an escaped
 * string: `\"password\": \"x\"`).
 */
export interface Span {
  start: number;
  end: number;
  /** Text to put instead of `****` (a JSON number becomes a string, so the JSON stays valid). */
  replacement?: string;
}

const KEY = /[\w.-]*(?:password|passwd|pwd|secret)[\w.-]*/gi;
// `: str =`, `: Optional[str] =`, `: SecretStr | None =`: a Python annotation between name and value. Only
// builtin or capitalised type names, and a blank before `=`, so that YAML `password: a = b` stays a value.
const ANNOTATION = /^:[ \t]*(?:str|bytes|int|object|[\w.]*[A-Z]\w*)(?:\[[\w., |[\]]*\])?(?:[ \t]*\|[ \t]*[A-Za-z_][\w.]*)*[ \t]+=(?!=)/;
// An unquoted value that is code, not a secret: a literal, or another setting (cfg.db_password).
const CODE = /^(?:null|None|true|false|True|False|[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\.(?:\w*_)?(?:password|passwd|pwd|secret)(?:_\w*)?)$/i;
// A call or a subscript whose bracket closes on the line: os.environ.get("PW", "")  cfg["pw"]
const CALL = /^[A-Za-z_][\w.]*(?:\(.*\)|\[.*\])/;

/** A value that only names another value ($PW, ${PW}, an f-string {pw}, %(pw)s) is no secret. */
export function isReference(v: string): boolean {
  return /^(?:\$\{[^}]*\}|\$\w+|\{[\w.[\]'"]+\}|%\(\w+\)s)$/.test(v);
}

export function keyedValues(line: string, taken: readonly Span[]): Span[] {
  const spans: Span[] = [];
  const inside = (i: number) => [...taken, ...spans].some((s) => i >= s.start && i < s.end);
  KEY.lastIndex = 0;
  for (let m = KEY.exec(line); m; m = KEY.exec(line)) {
    const k = m.index;
    const before = line[k - 1] ?? '';
    // Part of a longer word, a shell expansion ($PW, ${PW:-x}), or inside a password already found.
    if (/[\w.$-]/.test(before) || (before === '{' && line[k - 2] === '$') || inside(k)) continue;
    const v = valueAfter(line, k + m[0].length, before === '"' && line[k - 2] !== '\\');
    if (!v) continue;
    spans.push(v);
    KEY.lastIndex = Math.max(KEY.lastIndex, v.end);
  }
  return spans;
}

/**
 * The value's span after a key ending at `i`, or null when no assignment follows. `quotedKey`: the
 * key opened with a plain `"`, so `"key": 5` is JSON, whose number must stay valid when masked.
 */
function valueAfter(line: string, i: number, quotedKey: boolean): Span | null {
  let jsonKey = false;
  if (line[i] === '\\' && /["']/.test(line[i + 1] ?? '')) i += 2; // closing quote of \"password\"
  else if (/["']/.test(line[i] ?? '')) jsonKey = quotedKey && line[i++] === '"';
  i = blanks(line, i);
  jsonKey &&= line[i] === ':';
  if (line.startsWith('=>', i) || line.startsWith(':=', i)) i += 2;
  else if (line[i] === '=' && line[i + 1] !== '=') i++;
  else if (line[i] === ':') {
    const ann = ANNOTATION.exec(line.slice(i));
    i += ann ? ann[0].length : 1;
  } else return null;
  i = blanks(line, i);
  return quoted(line, i) ?? unquoted(line, i, jsonKey);
}

const blanks = (line: string, i: number) => {
  while (line[i] === ' ' || line[i] === '\t') i++;
  return i;
};

/** A quoted value: '…', "…", `…`, or an escaped \"…\" inside a JSON string; Python prefixes allowed. */
function quoted(line: string, i: number): Span | null {
  const prefix = /^[rRbBuUfF]{0,2}/.exec(line.slice(i, i + 2))![0];
  let j = i + prefix.length;
  let closer: string;
  if (line[j] === '\\' && /["']/.test(line[j + 1] ?? '')) closer = line.slice(j, j + 2);
  else if (/["'`]/.test(line[j] ?? '')) closer = line[j]!;
  else return null;
  const start = j + closer.length;
  for (j = start; j < line.length; ) {
    if (line.startsWith(closer, j)) return secretValue(line, start, j);
    j += line[j] === '\\' ? 2 : 1; // an escape is taken whole
  }
  // Shell and YAML single quotes have no escapes: 'a\' is the whole value a\.
  const literal = closer === "'" ? line.indexOf(closer, start) : -1;
  if (literal >= 0) return secretValue(line, start, literal);
  // Unclosed on this line: mask what follows the quote as a bare value.
  return secretValue(line, start, unquotedEnd(line, start));
}

function unquoted(line: string, i: number, jsonKey: boolean): Span | null {
  if (/[{[(<"'`]/.test(line[i] ?? '')) return null; // an object, a list, a call, a placeholder, or a broken quote
  const j = unquotedEnd(line, i);
  const v = line.slice(i, j);
  if (CODE.test(v) || CALL.test(line.slice(i))) return null;
  const span = secretValue(line, i, j);
  // A JSON number stays valid JSON only as a string.
  if (span && jsonKey && /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(v)) span.replacement = '"****"';
  return span;
}

/**
 * Where a bare value ends. Whitespace ends it, and so do escapes that stand for a quote or a
 * blank inside a JSON string (\" \n …); any other backslash pair is taken whole, so an escape is
 * never cut in two. A quote ends it only when the value sits inside a string opened by that quote
 * ('host=h password=x'), and `, ; & ) } ]` only when what follows is not more value (a line end,
 * a blank, a quote, or the next `name=` item), so a libpq or .env password may hold them.
 */
function unquotedEnd(line: string, i: number): number {
  const open = (q: string) => (line.slice(0, i).split(q).length - 1) % 2 === 1;
  const quoteEnds = { "'": open("'"), '"': open('"'), '`': open('`') } as Record<string, boolean>;
  let j = i;
  while (j < line.length) {
    const c = line[j]!;
    if (/\s/.test(c) || quoteEnds[c]) break;
    if (c === '\\') {
      if (ESCAPE_ENDS.test(line[j + 1] ?? '')) break;
      j += 2;
      continue;
    }
    if (/[,;&)}\]]/.test(c) && SEPARATES.test(line.slice(j + 1))) break;
    j++;
  }
  return Math.min(j, line.length);
}

// After a backslash: a quote, or a JSON escape for a blank or an unknown character (or nothing).
const ESCAPE_ENDS = /^(?:$|["'`nrtbfu])/;

// After `, ; & ) } ]`: the end of the value, not more of it.
const SEPARATES = /^(?:$|[\s,;&)}\]"'`\\]|[\w.-]+[ \t]*[=:])/;

function secretValue(line: string, start: number, end: number): Span | null {
  const v = line.slice(start, end);
  return v === '' || v === '****' || v.startsWith('$') || isReference(v) ? null : { start, end };
}
