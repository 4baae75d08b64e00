import * as fs from 'node:fs';
import * as path from 'node:path';
import { gitTopLevel } from './git-guard.js';

/**
 * The folder printed paths are relative to: the git work tree of the first path (so a patch
 * applies with `git apply`), else the current folder when every path is inside it, else the
 * first path's folder.
 */
export function chooseRoot(paths: readonly string[], cwd: string): string {
  const first = path.resolve(cwd, paths[0]!);
  const dir = fs.existsSync(first) && fs.statSync(first).isDirectory() ? first : path.dirname(first);
  const top = fs.existsSync(dir) ? gitTopLevel(dir) : null;
  if (top) return top;
  return paths.map((p) => path.resolve(cwd, p)).every((p) => p === cwd || p.startsWith(cwd + path.sep)) ? cwd : dir;
}
