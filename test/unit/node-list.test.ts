import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type * as TsMorph from 'ts-morph';
import { NodeLists } from '../../src/languages/js/node-list.js';

const ts = (createRequire(import.meta.url)('ts-morph') as typeof TsMorph).ts;

const SOURCE = `import postgres from 'postgres';
const sql = postgres(process.env.URL, { prepare: false, max: f(g(1)) });
class Db { open() { return new Pool({ max: 2 }); } }
export default function make(a = postgres('x')) { return [a, () => postgres('y')]; }`;

const parse = (text: string) => ts.createSourceFile('/a.ts', text, ts.ScriptTarget.Latest, true);

/** What a scan used to do for each question: a forEachChild walk from the root. */
function walked(sf: TsMorph.ts.SourceFile): TsMorph.ts.Node[] {
  const out: TsMorph.ts.Node[] = [];
  const visit = (n: TsMorph.ts.Node): undefined => {
    out.push(n);
    ts.forEachChild(n, visit);
    return undefined;
  };
  ts.forEachChild(sf, visit);
  return out;
}

describe('a file\'s nodes from one walk', () => {
  it('gives every node a forEachChild walk visits to its kind, once', () => {
    const sf = parse(SOURCE);
    const lists = new NodeLists(ts);
    const expected = walked(sf);
    expect(expected.length).toBeGreaterThan(50);
    const kinds = [...new Set(expected.map((n) => n.kind))];
    const listed = kinds.flatMap((k) => lists.ofKind(sf, k));
    expect(listed).toHaveLength(expected.length);
    expect(new Set(listed)).toEqual(new Set(expected));
    // Asked twice, the same list: one walk per file.
    expect(lists.ofKind(sf, ts.SyntaxKind.CallExpression)).toBe(lists.ofKind(sf, ts.SyntaxKind.CallExpression));
  });

  it('gives each kind its nodes in document order, nested calls included', () => {
    const sf = parse(SOURCE);
    const lists = new NodeLists(ts);
    for (const kind of [ts.SyntaxKind.CallExpression, ts.SyntaxKind.NewExpression, ts.SyntaxKind.Identifier, ts.SyntaxKind.VariableDeclaration]) {
      expect(lists.ofKind(sf, kind)).toEqual(walked(sf).filter((n) => n.kind === kind));
    }
    expect(lists.ofKind(sf, ts.SyntaxKind.CallExpression).map((n) => n.getText(sf))).toEqual([
      `postgres(process.env.URL, { prepare: false, max: f(g(1)) })`,
      'f(g(1))',
      'g(1)',
      `postgres('x')`,
      `postgres('y')`,
    ]);
    expect(lists.ofKind(sf, ts.SyntaxKind.WhileStatement)).toEqual([]);
  });

  it('walks a re-parsed file again: the list belongs to the tree, not to the path', () => {
    const lists = new NodeLists(ts);
    const before = parse(SOURCE);
    expect(lists.ofKind(before, ts.SyntaxKind.NewExpression)).toHaveLength(1);
    const after = parse(SOURCE.replace('new Pool({ max: 2 })', 'Pool.create({ max: 2 })'));
    expect(lists.ofKind(after, ts.SyntaxKind.NewExpression)).toHaveLength(0);
    expect(lists.ofKind(after, ts.SyntaxKind.CallExpression).map((n) => n.getText(after))).toContain('Pool.create({ max: 2 })');
  });
});
