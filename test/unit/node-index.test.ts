import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parsePython, type Node } from '../../src/languages/python/parser.js';
import { descendants, enclosingOf, nodesOf } from '../../src/languages/python/syntax.js';
import { REPO } from '../support/python.js';

// The index answers "nodes of these types under this node" from one walk; here it must agree with a
// plain node-by-node walk on every Python file of the fixtures, for whole files and for subtrees.
function naive(node: Node, wanted: (t: string) => boolean, stopAt?: ReadonlySet<string>, top = true): number[] {
  const out = wanted(node.type) ? [node.id] : [];
  if (!top && stopAt?.has(node.type)) return out;
  for (let i = 0; i < node.childCount; i++) out.push(...naive(node.child(i)!, wanted, stopAt, false));
  return out;
}

function pythonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && e.name.endsWith('.py')).map((e) => path.join(e.parentPath, e.name));
}

describe('node index', () => {
  it('finds the same nodes as a node-by-node walk, in the same order', async () => {
    const files = [...pythonFiles(path.join(REPO, 'fixtures')), ...pythonFiles(path.join(REPO, 'codemods/asyncpg-to-psycopg/__testfixtures__'))];
    expect(files.length).toBeGreaterThan(40);
    const stop = new Set(['function_definition', 'class_definition', 'lambda']);
    let compared = 0;
    for (const f of files) {
      const tree = await parsePython(fs.readFileSync(f, 'utf8'));
      try {
        for (const type of ['call', 'assignment', 'string', 'identifier', 'ERROR']) {
          expect([...descendants(tree.rootNode, type)].map((n) => n.id), `${f} ${type}`).toEqual(naive(tree.rootNode, (t) => t === type));
        }
        for (const fn of descendants(tree.rootNode, 'function_definition')) {
          const wanted = (t: string) => t === 'assignment' || stop.has(t);
          const body = fn.childForFieldName('body')!;
          expect([...nodesOf(body, wanted, stop)].map((n) => n.id), `${f} line ${fn.startPosition.row + 1}`).toEqual(naive(body, wanted, stop));
          compared++;
        }
      } finally {
        tree.delete();
      }
    }
    expect(compared).toBeGreaterThan(100);
  });

  it('finds the same enclosing function or class as walking up through parents', async () => {
    const files = pythonFiles(path.join(REPO, 'codemods/asyncpg-to-psycopg/__testfixtures__'));
    const scopes = new Set(['function_definition', 'class_definition', 'lambda']);
    const up = (n: Node): number | null => {
      for (let p = n.parent; p; p = p.parent) if (scopes.has(p.type)) return p.id;
      return null;
    };
    let nested = 0;
    for (const f of files) {
      const tree = await parsePython(fs.readFileSync(f, 'utf8'));
      try {
        for (const type of ['identifier', 'call', 'function_definition', 'module']) {
          for (const n of descendants(tree.rootNode, type)) {
            const want = up(n);
            expect(enclosingOf(n, scopes)?.id ?? null, `${f} ${type} line ${n.startPosition.row + 1}`).toBe(want);
            if (want !== null) nested++;
          }
        }
      } finally {
        tree.delete();
      }
    }
    expect(nested).toBeGreaterThan(1000);
  });
});
