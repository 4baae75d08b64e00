import { createRequire } from 'node:module';

export const JS_FILE = /\.(js|mjs|cjs|jsx|ts|tsx|mts|cts)$/;

/** jscodeshift's parser for a file: tsx for .tsx, ts for TypeScript, babel (JSX included) for JavaScript. */
export function parserFor(rel: string): 'tsx' | 'ts' | 'babel' {
  if (rel.endsWith('.tsx')) return 'tsx';
  return /\.(ts|mts|cts)$/.test(rel) ? 'ts' : 'babel';
}

/** A node of the syntax tree as @babel/parser gives it: offsets into the text, and its children. */
export interface JsNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

type Parser = { parse(text: string): JsNode };
const parsers = new Map<string, Parser>();

/**
 * Parses with jscodeshift's own parser for the file (the same @babel/parser options, so the same
 * files are accepted and refused, with the same messages), without recast's copy of the tree and
 * its tokens: edits are byte ranges, nothing is reprinted. Throws on a syntax error.
 */
export function parseJs(rel: string, text: string): JsNode {
  const name = parserFor(rel);
  let p = parsers.get(name);
  if (!p) {
    const require = createRequire(import.meta.url);
    const getParser = require('jscodeshift/src/getParser.js') as (name: string) => Parser;
    parsers.set(name, (p = getParser(name)));
  }
  return p.parse(text);
}

const SKIP_KEYS = new Set(['loc', 'tokens', 'comments', 'leadingComments', 'trailingComments', 'innerComments', 'extra', 'range']);

/**
 * The outermost node at `start` whose type is one of `types`. Ancestors come before their
 * descendants in this walk, so among nested nodes that begin at the same offset
 * (`postgres(a)(b)`) the outer one is found, as jscodeshift's `find` does.
 */
export function nodeAt(root: JsNode, types: ReadonlySet<string>, start: number): JsNode | undefined {
  const stack: unknown[] = [root];
  while (stack.length) {
    const n = stack.pop();
    if (Array.isArray(n)) {
      for (let k = n.length - 1; k >= 0; k--) stack.push(n[k]);
      continue;
    }
    if (!n || typeof n !== 'object' || typeof (n as JsNode).type !== 'string') continue;
    const node = n as JsNode;
    // Nodes that end before the offset, or start after it, cannot hold it.
    if (typeof node.start === 'number' && (node.start > start || node.end < start)) continue;
    if (node.start === start && types.has(node.type)) return node;
    const keys = Object.keys(node);
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k]!;
      if (SKIP_KEYS.has(key)) continue;
      const v = node[key];
      if (v && typeof v === 'object') stack.push(v);
    }
  }
  return undefined;
}
