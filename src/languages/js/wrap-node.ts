import type * as TsMorph from 'ts-morph';

/**
 * ts-morph's wrapper of a compiler node of one of its files. There is no public way: the file's
 * internal `_getNodeFromCompilerNode` is the one place this project relies on (ts-morph pinned).
 */
export function wrapNode(sf: TsMorph.SourceFile, n: TsMorph.ts.Node): TsMorph.Node {
  return (sf as unknown as { _getNodeFromCompilerNode(n: TsMorph.ts.Node): TsMorph.Node })._getNodeFromCompilerNode(n);
}
