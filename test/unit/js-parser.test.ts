import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JS_FILE, parseJs, parserFor } from '../../src/languages/js/parser.js';
import { REPO } from '../support/python.js';

const require = createRequire(import.meta.url);
// Positions are compared by offset: with tokens, Babel also copies an index into comments' line/column objects.
const json = (tree: unknown) => JSON.stringify(tree, (k, v: unknown) => (k === 'loc' ? undefined : v));
const getParser = require('jscodeshift/src/getParser.js') as (name: string) => { parse(text: string): unknown };

/** jscodeshift's own verdict and tree for a file, tokens left out. */
function viaJscodeshift(rel: string, text: string): { tree?: string; error?: string } {
  try {
    const { tokens: _tokens, ...tree } = getParser(parserFor(rel)).parse(text) as Record<string, unknown>;
    return { tree: json(tree) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function ours(rel: string, text: string): { tree?: string; error?: string } {
  try {
    return { tree: json(parseJs(rel, text)) };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && JS_FILE.test(e.name)).map((e) => path.join(e.parentPath, e.name));

// Syntax that some of jscodeshift's parsers accept and others refuse.
const SNIPPETS = [
  'import data from "./x.json" with { type: "json" };\n',
  'function f(x: number): string { return String(x); }\n',
  '@dec export class A {}\n',
  'export @dec class A {}\n',
  'let a = 1; let a = 2;\n',
  'const el = <div a="1">{x}</div>;\n',
  'const y = <T,>(x: T) => x;\n',
  'x = a ?? b?.c?.(d);\n',
  'export { missing };\n',
];

describe('parseJs', () => {
  it('accepts and refuses what jscodeshift parsers do, with the same messages and trees', () => {
    const all = files(path.join(REPO, 'codemods', 'pooler-safe', '__testfixtures__'));
    expect(all.length).toBeGreaterThan(20);
    for (const f of all) {
      const text = fs.readFileSync(f, 'utf8');
      expect(ours(f, text), f).toEqual(viaJscodeshift(f, text));
    }
    for (const ext of ['js', 'jsx', 'mjs', 'ts', 'tsx', 'mts']) {
      for (const s of SNIPPETS) expect(ours(`a.${ext}`, s), `${ext}: ${s}`).toEqual(viaJscodeshift(`a.${ext}`, s));
    }
  });
});
