import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compatPlace } from '../../codemods/asyncpg-to-psycopg/compat-place.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'compat-place-'));
  dirs.push(root);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.join(root, path.dirname(rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe('compatPlace', () => {
  it('puts the module at the top of the package, imported relatively', () => {
    const root = tree({ 'app/__init__.py': '', 'app/data/__init__.py': '', 'app/data/store.py': '' });
    expect(compatPlace(root, 'app/data/store.py')).toEqual({ rel: 'app/asyncpg_compat.py', module: '..asyncpg_compat', importLine: 'from .. import asyncpg_compat' });
  });

  it('stays below a package whose __init__.py has a lazy-import __getattr__', () => {
    // `from .. import asyncpg_compat` would call it, and one that raises KeyError breaks the import.
    const lazy = '__getattr__ = make_module_getattr({"Handler": "app.handlers"})\n';
    const root = tree({ 'app/__init__.py': lazy, 'app/data/__init__.py': '', 'app/data/store.py': '' });
    expect(compatPlace(root, 'app/data/store.py')).toEqual({ rel: 'app/data/asyncpg_compat.py', module: '.asyncpg_compat', importLine: 'from . import asyncpg_compat' });
    const root2 = tree({ 'app/__init__.py': 'def __getattr__(name):\n    return registry[name]\n', 'app/data/__init__.py': '', 'app/data/store.py': '' });
    expect(compatPlace(root2, 'app/data/store.py').rel).toBe('app/data/asyncpg_compat.py');
  });

  it('beside a script outside any package, imported by name', () => {
    const root = tree({ 'tools/create_db.py': '' });
    expect(compatPlace(root, 'tools/create_db.py')).toEqual({ rel: 'tools/asyncpg_compat.py', module: 'asyncpg_compat', importLine: 'import asyncpg_compat' });
  });
});
