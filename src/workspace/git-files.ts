import { spawn, spawnSync } from 'node:child_process';

/**
 * NUL-separated `git ls-files` output under `rel` (relative to the work tree `top`); null when git
 * fails. Read as it streams, with no cap on its size (a large monorepo lists megabytes).
 */
function lsFiles(top: string, args: string[], rel: string): Promise<string[] | null> {
  return new Promise((resolve) => {
    const child = spawn('git', ['-c', 'core.quotePath=false', 'ls-files', '-z', ...args, '--', rel], { cwd: top, stdio: ['ignore', 'pipe', 'ignore'] });
    const names: string[] = [];
    let rest = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      const parts = (rest + chunk).split('\0');
      rest = parts.pop()!;
      for (const p of parts) if (p) names.push(p);
    });
    child.on('error', () => resolve(null));
    child.on('close', (code) => resolve(code === 0 ? (rest ? [...names, rest] : names) : null));
  });
}

export interface GitListing {
  /** Tracked files, and untracked ones that no ignore rule matches: git never ignores a tracked file. */
  files: string[];
  /** Ignored untracked entries; a wholly ignored folder is one entry ending in `/`. */
  ignored: string[];
}

/** What git sees under `rel`, paths relative to `top`; null when git cannot list it (then walk instead). */
export async function gitListing(top: string, rel: string): Promise<GitListing | null> {
  // Both lists at once: each walks the work tree for untracked files.
  const [files, ignored] = await Promise.all([
    lsFiles(top, ['--cached', '--others', '--exclude-standard', '--deduplicate'], rel),
    lsFiles(top, ['--others', '--ignored', '--exclude-standard', '--directory'], rel),
  ]);
  if (!files) return null;
  return { files, ignored: ignored ?? [] };
}

/** Whether git ignores `rel` itself (an untracked path matched by an ignore rule). */
export function gitIgnores(top: string, rel: string): boolean {
  const r = spawnSync('git', ['check-ignore', '-q', '--', rel], { cwd: top });
  return r.status === 0;
}
