import type { Node } from '../parser.js';
import { descendants } from '../syntax.js';

/** How one file names asyncpg: module aliases and the names it imports from asyncpg's modules. */
export interface AsyncpgImports {
  /** `import asyncpg` / `import asyncpg as apg`: local names of the asyncpg module. */
  modules: Set<string>;
  /** `from asyncpg import Pool as P, connect`: local name -> asyncpg name. */
  names: Map<string, string>;
  /** Names this file imports from project modules (`from .db import pool`): local -> imported name. */
  projectNames: Map<string, string>;
}

export function asyncpgImports(root: Node): AsyncpgImports {
  const out: AsyncpgImports = { modules: new Set(), names: new Map(), projectNames: new Map() };
  for (const stmt of descendants(root, 'import_statement')) {
    for (const c of stmt.namedChildren) {
      if (!c) continue;
      const dotted = c.type === 'aliased_import' ? c.childForFieldName('name')! : c;
      if (dotted.text !== 'asyncpg') continue;
      out.modules.add(c.type === 'aliased_import' ? c.childForFieldName('alias')!.text : 'asyncpg');
    }
  }
  for (const stmt of descendants(root, 'import_from_statement')) {
    const mod = stmt.childForFieldName('module_name')?.text ?? '';
    const fromAsyncpg = /^asyncpg(\.\w+)*$/.test(mod);
    for (const n of stmt.childrenForFieldName('name')) {
      if (!n) continue;
      const name = (n.type === 'aliased_import' ? n.childForFieldName('name')! : n).text;
      const local = n.type === 'aliased_import' ? n.childForFieldName('alias')!.text : name;
      if (fromAsyncpg) out.names.set(local, name);
      else out.projectNames.set(local, name);
    }
  }
  return out;
}
