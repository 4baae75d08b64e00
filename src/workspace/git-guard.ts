import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** The git work tree containing `dir`, or null when it is not in one (or git is missing). */
export function gitTopLevel(dir: string): string | null {
  const r = spawnSync('git', ['rev-parse', '--show-toplevel'], { cwd: dir, encoding: 'utf8' });
  if (r.status !== 0 || !r.stdout) return null;
  return path.resolve(r.stdout.trim());
}

/**
 * Uncommitted or untracked paths under the targets only (dirt elsewhere in a monorepo does not
 * block, as in Angular's guard). Not a git tree counts as clean.
 */
export function dirtyPaths(targets: readonly string[], cwd: string): string[] {
  const top = gitTopLevel(cwd);
  if (!top) return [];
  const rels = targets.map((t) => path.relative(top, path.resolve(t)) || '.');
  const r = spawnSync('git', ['status', '--porcelain', '--untracked-files=all', '--', ...rels], { cwd: top, encoding: 'utf8' });
  if (r.status !== 0) return [];
  return r.stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => l.slice(3));
}
