import type * as TsMorph from 'ts-morph';

type Ts = typeof TsMorph.ts;
type TsNode = TsMorph.ts.Node;
type Kind = TsMorph.ts.SyntaxKind;

/**
 * Files' nodes by kind, each list in document order (the order of a `forEachChild` walk), from one
 * walk per file. A scan asks each file for several kinds of node (calls, `new`, declarations): one
 * walk that sorts every node by kind costs a fraction of a tree walk per question. Held by one
 * batch's project and dropped with it, so no list outlives its batch's trees.
 */
export class NodeLists {
  private readonly byFile = new Map<TsMorph.ts.SourceFile, Map<Kind, TsNode[]>>();

  constructor(private readonly ts: Ts) {}

  /** The nodes of one kind in a parsed file. Keyed by the compiler's tree: an edited file (a new tree) is walked again. */
  ofKind(sf: TsMorph.ts.SourceFile, kind: Kind): readonly TsNode[] {
    let byKind = this.byFile.get(sf);
    if (!byKind) {
      const found = new Map<Kind, TsNode[]>();
      // A truthy return would end forEachChild's walk early: visit returns nothing.
      const visit = (n: TsNode): undefined => {
        const same = found.get(n.kind);
        if (same) same.push(n);
        else found.set(n.kind, [n]);
        this.ts.forEachChild(n, visit);
        return undefined;
      };
      this.ts.forEachChild(sf, visit);
      this.byFile.set(sf, (byKind = found));
    }
    return byKind.get(kind) ?? [];
  }
}
