import type { OptionValue } from '../../drivers/asyncpg.js';
import { enclosingOf, indexedNodes } from './node-index.js';
import type { Node } from './parser.js';

/** Every node of `type` under `node` (itself included), in source order. */
export function descendants(node: Node, type: string): Generator<Node> {
  return indexedNodes(node, (t) => t === type);
}

/**
 * Nodes under `node` (itself included) whose type `wanted` accepts, in source order, not looking
 * inside nodes whose type is in `stopAt` (those are still yielded when wanted).
 */
export const nodesOf = indexedNodes;

export { enclosingOf };

/** Last name of a call's function: `create_async_engine` for `sa.ext.asyncio.create_async_engine(...)`. */
export function calleeName(call: Node): string | null {
  const fn = call.childForFieldName('function');
  if (!fn) return null;
  if (fn.type === 'identifier') return fn.text;
  if (fn.type === 'attribute') return fn.childForFieldName('attribute')?.text ?? null;
  return null;
}

/**
 * The value of a plain string literal (single part, no f-string interpolation, simple escapes),
 * or null when it cannot be read exactly.
 */
export function stringValue(node: Node): string | null {
  if (node.type !== 'string') return null;
  const start = node.children[0];
  if (!start || /[fFbB]/.test(start.text)) return null;
  const simple: Record<string, string> = { '\\\\': '\\', "\\'": "'", '\\"': '"', '\\n': '\n', '\\t': '\t' };
  let out = '';
  for (const c of node.children) {
    if (!c || c.type === 'string_start' || c.type === 'string_end') continue;
    if (c.type === 'escape_sequence' && simple[c.text] !== undefined) {
      out += simple[c.text];
      continue;
    }
    if (c.type !== 'string_content') return null;
    // Escapes are children of the content: the text between them is taken as written.
    let at = c.startIndex;
    for (const e of c.children) {
      if (!e) continue;
      if (e.type !== 'escape_sequence') return null;
      const v = simple[e.text];
      if (v === undefined) return null;
      out += textBetween(c, at, e.startIndex) + v;
      at = e.endIndex;
    }
    out += textBetween(c, at, c.endIndex);
  }
  if (/[rR]/.test(start.text) && out.includes('\\')) return null;
  return out;
}

/** Part of a node's text, by offsets in the file. */
function textBetween(n: Node, from: number, to: number): string {
  return n.text.slice(from - n.startIndex, to - n.startIndex);
}

/** Reads a literal for the knowledge base; anything else is "unknown" with its source text. */
export function literalOf(node: Node): OptionValue {
  switch (node.type) {
    case 'integer':
      return /^\d+$/.test(node.text) ? { type: 'int', n: Number(node.text) } : { type: 'unknown', source: node.text };
    case 'float':
      return { type: 'float', n: Number(node.text) };
    case 'true':
      return { type: 'bool', b: true };
    case 'false':
      return { type: 'bool', b: false };
    case 'none':
      return { type: 'none' };
    case 'string': {
      const s = stringValue(node);
      return s === null ? { type: 'unknown', source: node.text } : { type: 'str', s };
    }
    default:
      return { type: 'unknown', source: node.text };
  }
}

/** The statement that contains a node: the child of a module or block. */
export function enclosingStatement(node: Node): Node {
  let cur = node;
  while (cur.parent && cur.parent.type !== 'module' && cur.parent.type !== 'block') cur = cur.parent;
  // Decorated definitions and the like: put the marker before the decorators.
  return cur;
}

/** Inside a type annotation (`x: T`, `-> T`), up to the enclosing statement. */
export function inAnnotation(n: Node): boolean {
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'type') return true;
    if (p.type === 'block' || p.type === 'module') return false;
  }
  return false;
}

/** The class argument of `isinstance(x, C)` / `issubclass(c, C)`. */
export function isinstanceClassArg(n: Node): boolean {
  const args = n.parent;
  if (args?.type !== 'argument_list') return false;
  const fn = args.parent?.childForFieldName('function')?.text;
  return (fn === 'isinstance' || fn === 'issubclass') && args.namedChildren[1]?.id === n.id;
}

/** True when the offset lies inside a string literal or a comment. */
export function inStringOrComment(root: Node, offset: number): boolean {
  let n: Node | null = root.descendantForIndex(offset, offset);
  while (n) {
    if (n.type === 'string' || n.type === 'comment' || n.type === 'string_content') return true;
    n = n.parent;
  }
  return false;
}

// `x in ["postgresql+asyncpg", ...]`, `startswith(("a", "b"))`: the literal sits in a container of choices.
const CONTAINERS = new Set(['parenthesized_expression', 'tuple', 'list', 'set', 'concatenated_string']);
const DISPATCH_METHODS = /^(startswith|endswith|find|rfind|index|rindex|count|__contains__|__eq__)$/;

/**
 * A string literal used to choose a code path, not to configure one: compared (`==`, `in`),
 * tested (`startswith`, `endswith`), a dict key, or a `case` pattern. Returns the node that makes
 * the choice, or null when the string is plain data.
 */
export function dispatchUse(str: Node): Node | null {
  let cur = str;
  while (cur.parent && CONTAINERS.has(cur.parent.type)) cur = cur.parent;
  const p = cur.parent;
  if (!p) return null;
  if (p.type === 'comparison_operator') return p;
  if (p.type === 'argument_list') {
    const fn = p.parent?.childForFieldName('function');
    if (fn?.type === 'attribute' && DISPATCH_METHODS.test(fn.childForFieldName('attribute')?.text ?? '')) return p.parent!;
  }
  if (p.type === 'pair' && p.childForFieldName('key')?.id === cur.id) return p;
  for (let q: Node | null = p; q && q.type !== 'block' && q.type !== 'module'; q = q.parent) if (q.type === 'case_pattern') return q;
  return null;
}

/** The block that runs when a dispatch holds (`if`/`elif`/`while` body, `case` body), or null. */
export function guardedBlock(guard: Node): Node | null {
  let cur = guard;
  while (cur.parent && (cur.parent.type === 'boolean_operator' || cur.parent.type === 'not_operator' || cur.parent.type === 'parenthesized_expression')) cur = cur.parent;
  const p = cur.parent;
  if (!p) return null;
  if ((p.type === 'if_statement' || p.type === 'elif_clause' || p.type === 'while_statement') && p.childForFieldName('condition')?.id === cur.id) return p.childForFieldName('consequence');
  if (guard.type === 'case_pattern') {
    for (let q: Node | null = guard.parent; q; q = q.parent) if (q.type === 'case_clause') return q.childForFieldName('consequence') ?? q.namedChildren.find((c) => c?.type === 'block') ?? null;
  }
  return null;
}
