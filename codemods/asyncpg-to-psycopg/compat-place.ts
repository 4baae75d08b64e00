import * as fs from 'node:fs';
import * as path from 'node:path';
import { ASYNCPG_COMPAT_NAME } from '../../src/drivers/data/asyncpg-compat-module.js';
import type { CompatPlace } from './rules/raw-port/index.js';

/**
 * Where the compat module goes for a file, and how the file imports it: at the top of the file's
 * package (the highest folder with `__init__.py` above it), imported relatively so it works however
 * the package is installed (never into a package whose __init__.py defines __getattr__, unless the file's
 * own package does); beside a file that is not in a package (a script), imported by name.
 */
export function compatPlace(root: string, rel: string): CompatPlace {
  const dir = path.posix.dirname(rel);
  const isPackage = (d: string) => fs.existsSync(path.join(root, d, '__init__.py'));
  if (!isPackage(dir)) {
    return { rel: path.posix.join(dir, `${ASYNCPG_COMPAT_NAME}.py`), module: ASYNCPG_COMPAT_NAME, importLine: `import ${ASYNCPG_COMPAT_NAME}` };
  }
  // `from .. import asyncpg_compat` first asks the package object for the name: a lazy-import __getattr__
  // (PEP 562) in its __init__.py that raises something else than AttributeError breaks the import, so the
  // module stays below such a package.
  const lazy = (d: string) => /^(?:async\s+)?def\s+__getattr__\s*\(|^__getattr__\s*[:=]/m.test(fs.readFileSync(path.join(root, d, '__init__.py'), 'utf8'));
  let top = dir;
  let depth = 1;
  while (top !== '.' && isPackage(path.posix.dirname(top)) && !lazy(path.posix.dirname(top))) {
    top = path.posix.dirname(top);
    depth++;
  }
  const dots = '.'.repeat(depth);
  return { rel: path.posix.join(top, `${ASYNCPG_COMPAT_NAME}.py`), module: `${dots}${ASYNCPG_COMPAT_NAME}`, importLine: `from ${dots} import ${ASYNCPG_COMPAT_NAME}` };
}
