import type { Node } from './parser.js';

/** The text between a string's quotes (f-string placeholders included), as a range of the file. */
export interface StringPart {
  start: number;
  end: number;
}

const contentOf = (str: Node): StringPart | null => {
  const open = str.children.find((c) => c?.type === 'string_start');
  const close = str.children.find((c) => c?.type === 'string_end');
  return open && close ? { start: open.endIndex, end: close.startIndex } : null;
};

/** The string literals of an operand, left to right; an operand that is not a literal gives none. */
function literalsOf(n: Node | null): Node[] {
  if (!n) return [];
  if (n.type === 'string') return [n];
  if (n.type === 'concatenated_string') return n.namedChildren.filter((c): c is Node => c?.type === 'string');
  if (n.type === 'parenthesized_expression') return literalsOf(n.namedChildren[0] ?? null);
  if (n.type === 'binary_operator' && n.childForFieldName('operator')?.text === '+') return [...literalsOf(n.childForFieldName('left')), ...literalsOf(n.childForFieldName('right'))];
  return [];
}

/**
 * The string parts that follow `str` in the value it is joined into: implicit concatenation
 * (`"a" "b"`, f-strings included), `+` chains (`"a" + host + "/db?x=1"`) and parentheses. The
 * joined value's query string can start or continue in any of them.
 */
export function followingParts(str: Node): StringPart[] {
  const out: Node[] = [];
  let cur = str;
  for (;;) {
    const p = cur.parent;
    if (!p) break;
    if (p.type === 'concatenated_string') {
      out.push(...p.namedChildren.filter((c): c is Node => c?.type === 'string' && c.startIndex > cur.startIndex));
    } else if (p.type === 'binary_operator' && p.childForFieldName('operator')?.text === '+' && p.childForFieldName('left')?.id === cur.id) {
      out.push(...literalsOf(p.childForFieldName('right')));
    } else if (p.type !== 'parenthesized_expression' && p.type !== 'binary_operator') break;
    cur = p;
  }
  return out.map(contentOf).filter((c): c is StringPart => c !== null);
}
