import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The git state of the tree could not be learnt: a write must not go ahead on a guess. */
export class GitStateError extends Error {}

// `git status` on a large tree prints far more than spawnSync's default 1 MiB; past that the
// output was cut and the guard saw "clean".
const MAX_GIT_OUTPUT = 512 * 1024 * 1024;

const git = (args: string[], cwd: string) => spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: MAX_GIT_OUTPUT });
const firstLine = (s: string | undefined) => (s ?? '').split('\n').map((l) => l.replace(/^(fatal|error): /, '').trim()).find(Boolean) ?? '';

/** Whether `dir` or a parent holds a `.git`, i.e. git would consider it a work tree if it could. */
function insideGitTree(dir: string): boolean {
  for (let cur = path.resolve(dir); ; cur = path.dirname(cur)) {
    if (fs.existsSync(path.join(cur, '.git'))) return true;
    if (cur === path.dirname(cur)) return false;
  }
}

/**
 * The git work tree containing `dir`; null when it is not in one. Throws GitStateError when it is
 * (or looks like it is) but git cannot say, e.g. git missing or refusing ("dubious ownership").
 */
export function gitWorkTree(dir: string): string | null {
  const r = git(['rev-parse', '--show-toplevel'], dir);
  if (r.error) {
    if (!insideGitTree(dir)) return null;
    throw new GitStateError(`git could not be run (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`);
  }
  if (r.status === 0 && r.stdout.trim()) return path.resolve(r.stdout.trim());
  if (/not a git repository/i.test(r.stderr) && !insideGitTree(dir)) return null;
  throw new GitStateError(`git failed: ${firstLine(r.stderr) || `exit ${r.status}`}`);
}

/** The git work tree containing `dir`, or null when it is not in one or git cannot tell (paths only: never a guard). */
export function gitTopLevel(dir: string): string | null {
  try {
    return gitWorkTree(dir);
  } catch {
    return null;
  }
}

/**
 * Uncommitted or untracked paths under the targets only (dirt elsewhere in a monorepo does not
 * block, as in Angular's guard). Each target is looked up in its own work tree, wherever the
 * command runs from. Not a git tree counts as clean; a tree whose state git cannot give throws
 * GitStateError.
 */
export function dirtyPaths(targets: readonly string[]): string[] {
  const byTree = new Map<string, string[]>();
  for (const t of targets) {
    const abs = path.resolve(t);
    const dir = fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
    const top = gitWorkTree(dir);
    if (top) byTree.set(top, [...(byTree.get(top) ?? []), path.relative(top, abs) || '.']);
  }
  const out: string[] = [];
  for (const [top, rels] of byTree) {
    // -z: names as they are, whatever bytes they hold (no quoting, no splitting on a newline in a name).
    const r = git(['status', '--porcelain', '-z', '--untracked-files=all', '--', ...rels], top);
    if (r.error) throw new GitStateError(`git status could not be read (${(r.error as NodeJS.ErrnoException).code ?? r.error.message})`);
    if (r.status !== 0) throw new GitStateError(`git status failed: ${firstLine(r.stderr) || `exit ${r.status}`}`);
    const fields = r.stdout.split('\0');
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      if (f.length < 4) continue;
      out.push(path.relative(process.cwd(), path.join(top, f.slice(3))) || '.');
      if (f[0] === 'R' || f[0] === 'C') i++; // a rename or copy is followed by its source name
    }
  }
  return out;
}
