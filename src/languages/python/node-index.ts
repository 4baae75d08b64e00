import type { Node, Tree, TreeCursor } from 'web-tree-sitter';

/**
 * Every node of a tree in pre-order (tree-sitter's descendant order), read in one cursor walk:
 * its type and the position of its last descendant. The rules ask "which calls, assignments,
 * strings are under this node" many times per file; each cursor step crosses into wasm several
 * times, so one walk per tree answered from JS arrays is about ten walks cheaper.
 */
interface TreeIndex {
  types: string[];
  /** Position of each node's last descendant (itself when it has none). */
  last: Int32Array;
  /** Position of each node's parent (-1 for the root): web-tree-sitter finds a parent by walking down from the root. */
  parent: Int32Array;
  /** Start offsets (never decreasing in pre-order) and node ids: a node's position by binary search. */
  starts: Int32Array;
  ids: Float64Array;
  /** Parked on the root: moved to a position to hand out the node there. */
  cursor: TreeCursor;
}

const indexes = new WeakMap<Tree, TreeIndex>();

function build(tree: Tree): TreeIndex {
  const root = tree.rootNode;
  const count = root.descendantCount;
  const types: string[] = new Array(count);
  const last = new Int32Array(count);
  const parent = new Int32Array(count);
  const starts = new Int32Array(count);
  const ids = new Float64Array(count);
  const open: number[] = [];
  const cursor = root.walk();
  let k = 0;
  for (;;) {
    types[k] = cursor.nodeType;
    starts[k] = cursor.startIndex;
    ids[k] = cursor.nodeId;
    parent[k] = open.length ? open[open.length - 1]! : -1;
    open.push(k++);
    if (cursor.gotoFirstChild()) continue;
    for (;;) {
      last[open.pop()!] = k - 1;
      if (cursor.gotoNextSibling()) break;
      if (!cursor.gotoParent()) {
        while (open.length) last[open.pop()!] = k - 1;
        cursor.reset(root);
        return { types: types.length === k ? types : types.slice(0, k), last, parent, starts, ids, cursor };
      }
    }
  }
}

function indexFor(tree: Tree): TreeIndex {
  let ix = indexes.get(tree);
  if (!ix) indexes.set(tree, (ix = build(tree)));
  return ix;
}

function positionOf(ix: TreeIndex, node: Node): number {
  const start = node.startIndex;
  let lo = 0;
  let hi = ix.types.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ix.starts[mid]! < start) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < ix.types.length && ix.starts[k] === start; k++) if (ix.ids[k] === node.id) return k;
  return -1;
}

/**
 * Nodes under `node` (itself included) whose type `wanted` accepts, in source order, not looking
 * inside nodes whose type is in `stopAt` (those are still yielded when wanted).
 */
export function* indexedNodes(node: Node, wanted: (type: string) => boolean, stopAt?: ReadonlySet<string>): Generator<Node> {
  const ix = indexFor(node.tree);
  const from = positionOf(ix, node);
  if (from < 0) throw new Error(`node ${node.type} at ${node.startIndex} is not in its tree's index`);
  const to = ix.last[from]!;
  for (let k = from; k <= to; ) {
    const type = ix.types[k]!;
    if (wanted(type)) {
      ix.cursor.gotoDescendant(k);
      yield ix.cursor.currentNode;
    }
    k = k !== from && stopAt?.has(type) ? ix.last[k]! + 1 : k + 1;
  }
}

/** The nearest ancestor of `node` (not itself) whose type is in `types`, or null. */
export function enclosingOf(node: Node, types: ReadonlySet<string>): Node | null {
  const ix = indexFor(node.tree);
  const at = positionOf(ix, node);
  if (at < 0) throw new Error(`node ${node.type} at ${node.startIndex} is not in its tree's index`);
  for (let k = ix.parent[at]!; k >= 0; k = ix.parent[k]!) {
    if (types.has(ix.types[k]!)) {
      ix.cursor.gotoDescendant(k);
      return ix.cursor.currentNode;
    }
  }
  return null;
}

/** Frees the index's cursor with its tree (the wasm heap never shrinks). */
export function dropIndex(tree: Tree): void {
  indexes.get(tree)?.cursor.delete();
  indexes.delete(tree);
}
