/**
 * A line-level view of TOML, enough to find dependency entries without reprinting the file:
 * the table each line belongs to, and the key of the multi-line array it sits in.
 * (Edits stay byte ranges; the engine re-parses the result with smol-toml to prove it is valid.)
 */
export interface TomlLine {
  start: number;
  /** Line text without its end of line. */
  text: string;
  /** Current table, e.g. "project.optional-dependencies" (quotes removed). */
  table: string;
  /** Key of the array this line is inside (or opens), e.g. "dependencies". */
  arrayKey: string | null;
  /** `key = value` on this line, when there is one. */
  key: string | null;
  valueStart: number;
}

export interface TomlString {
  start: number;
  end: number;
  /** Offsets of the content between the quotes. */
  contentStart: number;
  contentEnd: number;
  value: string;
}

const unquote = (s: string) => s.trim().replace(/^["']|["']$/g, '');

export function tomlLines(text: string): TomlLine[] {
  const out: TomlLine[] = [];
  let table = '';
  let openArray: string | null = null;
  let depth = 0;
  let pos = 0;
  for (;;) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const line = text.slice(pos, end).replace(/\r$/, '');
    let key: string | null = null;
    let valueStart = -1;
    let arrayKey: string | null = depth > 0 ? openArray : null;
    const header = depth === 0 ? /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(line) : null;
    if (header) {
      table = header[1]!.split('.').map(unquote).join('.');
    } else {
      const kv = depth === 0 ? /^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=\s*/.exec(line) : null;
      if (kv) {
        key = unquote(kv[1]!);
        valueStart = pos + kv[0].length;
        if (line.slice(kv[0].length).startsWith('[')) arrayKey = key;
      }
      const before = depth;
      depth = Math.max(0, depth + bracketDelta(line));
      if (before === 0 && depth > 0) openArray = key;
      if (depth === 0) openArray = null;
    }
    out.push({ start: pos, text: line, table, arrayKey, key, valueStart });
    if (end >= text.length) break;
    pos = end + 1;
  }
  return out;
}

/** Characters of a line outside TOML strings, as [index, char]. */
function* unquoted(line: string): Generator<[number, string]> {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else yield [i, c];
  }
}

function commentStart(line: string): number {
  for (const [i, c] of unquoted(line)) if (c === '#') return i;
  return line.length;
}

/** Net [ ] depth change on a line, ignoring brackets inside strings and comments. */
function bracketDelta(line: string): number {
  let d = 0;
  for (const [, c] of unquoted(line)) {
    if (c === '#') break;
    if (c === '[') d++;
    else if (c === ']') d--;
  }
  return d;
}

/** Basic and literal single-line strings on a line (no escapes decoded beyond \" and \\). */
export function tomlStrings(line: TomlLine): TomlString[] {
  const out: TomlString[] = [];
  const re = /"((?:[^"\\]|\\.)*)"|'([^']*)'/g;
  const codeEnd = commentStart(line.text);
  for (const m of line.text.matchAll(re)) {
    if (m.index >= codeEnd) break;
    const start = line.start + m.index;
    const value = m[1] !== undefined ? m[1].replace(/\\(["\\])/g, '$1') : m[2]!;
    out.push({ start, end: start + m[0].length, contentStart: start + 1, contentEnd: start + m[0].length - 1, value });
  }
  return out;
}
