import * as fs from 'node:fs';
import * as path from 'node:path';

const REASONS: Record<string, string> = {
  ELOOP: 'a loop of symbolic links',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is not a folder',
  ENAMETOOLONG: 'the name is too long',
};

/** Why a path given on the command line cannot be used, in words a user acts on; null when it can. */
export function targetProblem(p: string, cwd: string): string | null {
  const abs = path.resolve(cwd, p);
  try {
    fs.statSync(abs);
    return null;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOENT') {
      // stat follows links: a link whose target is gone is not "no such file".
      const isLink = (() => {
        try {
          return fs.lstatSync(abs).isSymbolicLink();
        } catch {
          return false;
        }
      })();
      return `${p}: ${isLink ? 'a symbolic link to something that does not exist' : 'no such file or folder'}`;
    }
    return `${p}: ${REASONS[code] ?? `cannot be read (${code || String(err)})`}`;
  }
}

/** The first unusable path's problem, or null. */
export const firstTargetProblem = (paths: readonly string[], cwd: string): string | null => {
  for (const p of paths) {
    const problem = targetProblem(p, cwd);
    if (problem) return problem;
  }
  return null;
};
