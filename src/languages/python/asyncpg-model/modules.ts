import type { Node } from '../parser.js';

/** What a local name of a module is bound to by an import: a module, or a name inside one. */
export interface ImportedName {
  /** The module as written (`.utils.context`, `cogs.utils`). */
  module: string;
  /** The name imported from it; null when the local name is the module itself (`import a.b as m`). */
  name: string | null;
}

/** The module-level imports of one file: local name -> what it names. `import a.b` binds `a` to module `a`. */
export function moduleImports(root: Node): Map<string, ImportedName> {
  const out = new Map<string, ImportedName>();
  for (const stmt of topLevel(root)) {
    if (stmt.type === 'import_statement') {
      for (const c of stmt.namedChildren) {
        if (!c) continue;
        if (c.type === 'aliased_import') out.set(c.childForFieldName('alias')!.text, { module: c.childForFieldName('name')!.text, name: null });
        else out.set(c.text.split('.')[0]!, { module: c.text.split('.')[0]!, name: null });
      }
    } else if (stmt.type === 'import_from_statement') {
      const module = stmt.childForFieldName('module_name')?.text ?? '';
      for (const n of stmt.childrenForFieldName('name')) {
        if (!n) continue;
        const name = (n.type === 'aliased_import' ? n.childForFieldName('name')! : n).text;
        out.set(n.type === 'aliased_import' ? n.childForFieldName('alias')!.text : name, { module, name });
      }
    }
  }
  return out;
}

/** Statements run at import time: the module's own, also inside if/try/with blocks (`if TYPE_CHECKING:`). */
export function* topLevel(root: Node): Generator<Node> {
  const stack = [...root.namedChildren].reverse();
  while (stack.length) {
    const n = stack.pop();
    if (!n) continue;
    if (/^(if_statement|elif_clause|else_clause|try_statement|except_clause|finally_clause|with_statement|block)$/.test(n.type)) {
      stack.push(...[...n.namedChildren].reverse());
      continue;
    }
    yield n;
  }
}

/** The project's Python files by path, and which of them a module name means from a given file. */
export class ProjectModules {
  private readonly rels: Set<string>;
  private readonly absolute = new Map<string, string | null>();

  constructor(rels: Iterable<string>) {
    this.rels = new Set(rels);
  }

  /**
   * `.utils.context` from `cogs/tags.py` -> `cogs/utils/context.py` (or `.../context/__init__.py`);
   * an absolute name must match exactly one file (at the root or under a source folder).
   */
  resolve(fromRel: string, module: string): string | null {
    const dots = /^\.*/.exec(module)![0].length;
    const parts = module.slice(dots).split('.').filter(Boolean);
    if (dots) {
      let dir = fromRel.includes('/') ? fromRel.slice(0, fromRel.lastIndexOf('/')) : '';
      for (let i = 1; i < dots; i++) {
        if (!dir) return null;
        dir = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '';
      }
      const base = [dir, ...parts].filter(Boolean).join('/');
      for (const c of parts.length ? [`${base}.py`, `${base}/__init__.py`] : [`${base ? `${base}/` : ''}__init__.py`]) if (this.rels.has(c)) return c;
      return null;
    }
    if (!parts.length) return null;
    const path = parts.join('/');
    if (!this.absolute.has(path)) {
      const found = [...this.rels].filter((r) => [`${path}.py`, `${path}/__init__.py`].some((c) => r === c || r.endsWith(`/${c}`)));
      this.absolute.set(path, found.length === 1 ? found[0]! : null);
    }
    return this.absolute.get(path)!;
  }
}
