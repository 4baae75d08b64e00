import { createRequire } from 'node:module';
import type { ParserOptions } from '@babel/parser';

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

type Babel = typeof import('@babel/parser');
const require = createRequire(import.meta.url);
let babel: Babel | undefined;
const optionsByParser = new Map<string, ParserOptions>();

/**
 * jscodeshift's @babel/parser options for each of its parsers, without `tokens` (nothing here is
 * reprinted, and the token list costs a third of the parse). The ts and tsx options come from
 * jscodeshift itself; its babel5Compat parser keeps its options private, so they are written out
 * here (test/unit/js-parser.test.ts checks they accept and refuse what jscodeshift does).
 */
export function parserOptions(name: 'tsx' | 'ts' | 'babel'): ParserOptions {
  let o = optionsByParser.get(name);
  if (!o) {
    if (name === 'babel') o = { ...BABEL5_COMPAT };
    else {
      const ts = require('jscodeshift/parser/tsOptions.js') as ParserOptions;
      o = { ...ts, plugins: name === 'tsx' ? ['jsx', ...ts.plugins!] : ts.plugins };
    }
    o.tokens = false;
    optionsByParser.set(name, o);
  }
  return o;
}

// jscodeshift 17.4.0, parser/babel5Compat.js ("the default of the Babel5 parse function").
const BABEL5_COMPAT: ParserOptions = {
  sourceType: 'module',
  allowHashBang: true,
  ecmaVersion: Infinity,
  allowImportExportEverywhere: true,
  allowReturnOutsideFunction: true,
  startLine: 1,
  plugins: ['estree', 'jsx', 'asyncGenerators', 'classProperties', 'doExpressions', 'exportExtensions', 'functionBind', 'functionSent', 'objectRestSpread', 'dynamicImport', 'nullishCoalescingOperator', 'optionalChaining', ['decorators', { decoratorsBeforeExport: false }]] as ParserOptions['plugins'],
} as ParserOptions;

// The @babel/parser jscodeshift itself loads (it is jscodeshift's dependency, not this package's).
const parser = (): Babel => (babel ??= createRequire(require.resolve('jscodeshift/package.json'))('@babel/parser') as Babel);

/**
 * Parses with the options of jscodeshift's parser for the file (so the same files are accepted and
 * refused, with the same messages), without recast's copy of the tree and without tokens: edits
 * are byte ranges, nothing is reprinted. Throws on a syntax error.
 */
export function parseJs(rel: string, text: string): JsNode {
  return parser().parse(text, parserOptions(parserFor(rel))) as unknown as JsNode;
}

/** One expression, parsed with the file's options (for text that replaces an expression of that file). Throws on a syntax error. */
export function parseJsExpression(rel: string, text: string): JsNode {
  return parser().parseExpression(text, parserOptions(parserFor(rel))) as unknown as JsNode;
}

const SKIP_KEYS = new Set(['loc', 'tokens', 'comments', 'leadingComments', 'trailingComments', 'innerComments', 'extra', 'range']);

/**
 * The outermost node at `start` whose type is one of `types`. Ancestors come before their
 * descendants in this walk, so among nested nodes that begin at the same offset
 * (`postgres(a)(b)`) the outer one is found, as jscodeshift's `find` does; with `end`, the one
 * that also ends there.
 */
export function nodeAt(root: JsNode, types: ReadonlySet<string>, start: number, end?: number): JsNode | undefined {
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
    if (node.start === start && types.has(node.type) && (end === undefined || node.end === end)) return node;
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
