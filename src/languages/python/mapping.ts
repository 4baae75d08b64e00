import type { Node } from './parser.js';
import { stringValue } from './syntax.js';

/** One `key: value` of a dict literal or `key=value` of a call, read the same way. */
export interface MappingEntry {
  key: string | null;
  node: Node;
  value: Node;
  /** Quote character of a dict key, for writing new keys in the file's style. */
  quote: string;
}

export interface Mapping {
  style: 'dict' | 'kwargs';
  container: Node;
  entries: MappingEntry[];
  /** `**other` or positional parts whose keys cannot be known. */
  opaque: Node[];
}

/** A dict literal, a `dict(...)` call, or the argument list of any call, as a mapping. */
export function mappingOf(node: Node): Mapping | null {
  if (node.type === 'dictionary') {
    const m: Mapping = { style: 'dict', container: node, entries: [], opaque: [] };
    for (const c of node.namedChildren) {
      if (!c || c.type === 'comment') continue;
      if (c.type === 'pair') {
        const k = c.childForFieldName('key')!;
        const v = c.childForFieldName('value')!;
        m.entries.push({ key: k.type === 'string' ? stringValue(k) : null, node: c, value: v, quote: k.type === 'string' ? k.text.replace(/^[a-zA-Z]*/, '')[0]! : '"' });
      } else m.opaque.push(c);
    }
    return m;
  }
  if (node.type === 'call' && node.childForFieldName('function')?.text === 'dict') {
    return argumentsMapping(node.childForFieldName('arguments')!);
  }
  if (node.type === 'argument_list') return argumentsMapping(node);
  return null;
}

function argumentsMapping(args: Node): Mapping {
  const m: Mapping = { style: 'kwargs', container: args, entries: [], opaque: [] };
  for (const c of args.namedChildren) {
    if (!c || c.type === 'comment') continue;
    if (c.type === 'keyword_argument') {
      m.entries.push({ key: c.childForFieldName('name')!.text, node: c, value: c.childForFieldName('value')!, quote: '"' });
    } else m.opaque.push(c);
  }
  return m;
}

/**
 * A name bound exactly once at module level (`CONNECT_ARGS = {...}`): its value, or null when it
 * is rebound, imported, or not found (then the caller reports it instead of guessing).
 */
export function resolveModuleName(root: Node, name: string): Node | null {
  let found: Node | null = null;
  let count = 0;
  for (const stmt of root.namedChildren) {
    if (!stmt) continue;
    const a = stmt.type === 'expression_statement' ? stmt.namedChild(0) : null;
    if (a?.type === 'assignment' && a.childForFieldName('left')?.text === name) {
      count++;
      found = a.childForFieldName('right');
    } else if (stmt.text.includes(name) && (stmt.type === 'import_from_statement' || stmt.type === 'import_statement')) {
      count += 2;
    }
  }
  return count === 1 ? found : null;
}

/** A Python string literal with the given quote character. */
export function pyString(s: string, quote = '"'): string {
  const q = quote === "'" ? "'" : '"';
  return q + s.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`).replace(/\n/g, '\\n') + q;
}
