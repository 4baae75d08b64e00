import type { Node } from './parser.js';

/**
 * The value of a Python string literal expression with, for each character of the value, the
 * source range it comes from: edits computed on the value (a SQL rewrite) can then be written back
 * into the source, escapes and all. Plain literals only: `"a"`, `r"a"`, `b"a"`, implicit
 * concatenation, `+` between literals, parentheses. f-strings and anything else give null.
 */
export interface LiteralMap {
  value: string;
  /** Per value character: its source range and which literal (part) it sits in. */
  spans: { start: number; end: number; part: number }[];
}

const SIMPLE: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };

function literalParts(n: Node): Node[] | null {
  // Comments between the parts are nodes too.
  const inner = n.namedChildren.filter((c): c is Node => !!c && c.type !== 'comment');
  if (n.type === 'string') return [n];
  if (n.type === 'concatenated_string') return inner.every((c) => c.type === 'string') ? inner : null;
  if (n.type === 'parenthesized_expression' && inner.length === 1) return literalParts(inner[0]!);
  if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '+') {
    const l = literalParts(n.childForFieldName('left')!);
    const r = literalParts(n.childForFieldName('right')!);
    return l && r ? [...l, ...r] : null;
  }
  return null;
}

/** Decodes one literal's content into `out`; false when its value cannot be known exactly. */
function decode(str: Node, part: number, out: LiteralMap): boolean {
  const open = str.children.find((c) => c?.type === 'string_start');
  const close = str.children.find((c) => c?.type === 'string_end');
  if (!open || !close || /[fFtT]/.test(open.text)) return false;
  const raw = /[rR]/.test(open.text);
  const bytes = /[bB]/.test(open.text);
  const src = str.tree.rootNode.text;
  const push = (value: string, start: number, end: number) => {
    for (const ch of value) {
      out.value += ch;
      for (let k = 0; k < ch.length; k++) out.spans.push({ start, end, part });
    }
  };
  for (let i = open.endIndex; i < close.startIndex; ) {
    const c = src[i]!;
    if (c !== '\\' || raw) {
      push(c, i, i + 1);
      i++;
      continue;
    }
    const rest = src.slice(i + 1, Math.min(i + 12, close.startIndex));
    const m = /^(\r\n|\r|\n)|^([\\'"abfnrtv])|^([0-7]{1,3})|^x([0-9a-fA-F]{2})|^u([0-9a-fA-F]{4})|^U([0-9a-fA-F]{8})|^N\{/.exec(rest);
    if (!m || (bytes && /^[uUN]/.test(m[0]))) {
      push('\\', i, i + 1); // an unknown escape keeps its backslash
      i++;
      continue;
    }
    const end = i + 1 + m[0].length;
    if (m[1]) {
      i = end; // a line continuation adds nothing
      continue;
    }
    if (m[0] === 'N{') return false; // a character by its Unicode name
    const code = m[2] ? SIMPLE[m[2]]!.codePointAt(0)! : parseInt(m[3] ?? m[4] ?? m[5] ?? m[6]!, m[3] ? 8 : 16);
    if (code > 0x10ffff) return false;
    push(String.fromCodePoint(code), i, end);
    i = end;
  }
  return true;
}

export function literalMap(n: Node): LiteralMap | null {
  const parts = literalParts(n);
  if (!parts) return null;
  const out: LiteralMap = { value: '', spans: [] };
  return parts.every((p, i) => decode(p, i, out)) ? out : null;
}

/**
 * The expression's new source text with edits on its value applied; null when an edit would span
 * two literals (it cannot be written inside one).
 */
export function rewriteLiteral(n: Node, map: LiteralMap, edits: readonly { start: number; end: number; text: string }[]): string | null {
  const src = n.tree.rootNode.text;
  let out = '';
  let at = n.startIndex;
  for (const e of edits) {
    const first = map.spans[e.start];
    const last = map.spans[e.end - 1];
    if (!first || !last || first.part !== last.part || first.start < at) return null;
    out += src.slice(at, first.start) + e.text;
    at = last.end;
  }
  return out + src.slice(at, n.endIndex);
}
