import { spawnSync } from 'node:child_process';

const MAX_OUTPUT = 512 * 1024 * 1024;

/** NUL-separated `git ls-files` output under `rel` (relative to the work tree `top`); null when git fails. */
function lsFiles(top: string, args: string[], rel: string): string[] | null {
  const r = spawnSync('git', ['-c', 'core.quotePath=false', 'ls-files', '-z', ...args, '--', rel], { cwd: top, encoding: 'utf8', maxBuffer: MAX_OUTPUT });
  if (r.error || r.status !== 0) return null;
  return r.stdout.split('\0').filter(Boolean);
}

export interface GitListing {
  /** Tracked files, and untracked ones that no ignore rule matches: git never ignores a tracked file. */
  files: string[];
  /** Ignored untracked entries; a wholly ignored folder is one entry ending in `/`. */
  ignored: string[];
}

/** What git sees under `rel`, paths relative to `top`; null when git cannot list it (then walk instead). */
export function gitListing(top: string, rel: string): GitListing | null {
  const files = lsFiles(top, ['--cached', '--others', '--exclude-standard', '--deduplicate'], rel);
  if (!files) return null;
  const ignored = lsFiles(top, ['--others', '--ignored', '--exclude-standard', '--directory'], rel) ?? [];
  return { files, ignored };
}

/** Whether git ignores `rel` itself (an untracked path matched by an ignore rule). */
export function gitIgnores(top: string, rel: string): boolean {
  const r = spawnSync('git', ['check-ignore', '-q', '--', rel], { cwd: top });
  return r.status === 0;
}
