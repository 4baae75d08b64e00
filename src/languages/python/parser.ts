import { createRequire } from 'node:module';
import type { Language, Node, Parser, Tree } from 'web-tree-sitter';
import { dropIndex } from './node-index.js';

export type { Node, Tree };

let ready: Promise<Parser> | null = null;

/** Counts real parses, so tests can prove that files without trigger text are never parsed. */
export const parseStats = { parses: 0 };

/** Loads web-tree-sitter and the Python grammar (wasm shipped in npm packages) once, on first use. */
export function pythonParser(): Promise<Parser> {
  ready ??= (async () => {
    const require = createRequire(import.meta.url);
    const { Parser: P, Language: L } = await import('web-tree-sitter');
    await P.init();
    const lang: Language = await L.load(require.resolve('tree-sitter-python/tree-sitter-python.wasm'));
    const parser = new P();
    parser.setLanguage(lang);
    return parser;
  })();
  return ready;
}

export async function parsePython(text: string): Promise<Tree> {
  const parser = await pythonParser();
  const tree = parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  parseStats.parses++;
  // A tree's node index holds a cursor in the wasm heap: it goes with the tree.
  const free = tree.delete.bind(tree);
  tree.delete = () => {
    dropIndex(tree);
    free();
  };
  return tree;
}

/** The first ERROR or MISSING node, as a 1-based line, or null when the file parses cleanly. */
export function firstSyntaxError(tree: Tree): { line: number; column: number } | null {
  if (!tree.rootNode.hasError) return null;
  let found: Node | null = null;
  const visit = (n: Node): void => {
    if (found) return;
    if (n.type === 'ERROR' || n.isMissing) {
      found = n;
      return;
    }
    if (!n.hasError) return;
    for (const c of n.children) if (c) visit(c);
  };
  visit(tree.rootNode);
  const at = (found ?? tree.rootNode) as Node;
  return { line: at.startPosition.row + 1, column: at.startPosition.column + 1 };
}
