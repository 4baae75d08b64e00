// Checking out corpus repositories from bare mirrors, shared by corpus-score.mjs and raw-corpus.mjs.
// Nothing is written into a mirror: each checkout goes through a private index file.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';

export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, ...options });
  return { code: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}

export function findGitDir(mirrors, repo) {
  const [owner, name] = repo.split('/');
  const candidates = [
    join(mirrors, `${owner}+${name}`, 'repo'),
    join(mirrors, `${owner}+${name}`),
    join(mirrors, owner, name),
    join(mirrors, `${owner}__${name}`),
    join(mirrors, name),
  ].flatMap((p) => [p, `${p}.git`]);
  for (const c of candidates) {
    if (!existsSync(c)) continue;
    const r = run('git', ['--git-dir', c, 'rev-parse', '--git-dir']);
    if (r.code === 0) return c;
    const inner = join(c, '.git');
    if (existsSync(inner) && run('git', ['--git-dir', inner, 'rev-parse', '--git-dir']).code === 0) return inner;
  }
  return null;
}

/** Check out `commit` into `dest` without writing anything into the mirror (private index file). */
export function extract(gitDir, commit, dest, missing = {}) {
  mkdirSync(dest, { recursive: true });
  const index = join(dest, '..', `${basename(dest)}.index`);
  const env = { ...process.env, GIT_INDEX_FILE: index };
  let r = run('git', ['--git-dir', gitDir, '--work-tree', dest, 'read-tree', commit], { env });
  if (r.code !== 0) return `read-tree failed: ${r.stderr.trim()}`;
  // Mirrors may lack their largest blobs: check out what is there and say what is not.
  const staged = run('git', ['--git-dir', gitDir, 'ls-files', '-s', '-z'], { env }).stdout.split('\0').filter(Boolean);
  const entries = staged.map((l) => {
    const [meta, path] = l.split('\t');
    const [mode, oid] = meta.split(' ');
    return { mode, oid, path };
  }).filter((e) => e.mode !== '160000');
  const check = run('git', ['--git-dir', gitDir, 'cat-file', '--batch-check=%(objectname) %(objecttype)'], {
    input: entries.map((e) => e.oid).join('\n') + '\n',
  }).stdout.split('\n');
  const present = entries.filter((_, i) => !/missing/.test(check[i] ?? 'missing'));
  missing.count = entries.length - present.length;
  r = run('git', ['--git-dir', gitDir, '--work-tree', dest, 'checkout-index', '-f', '-z', '--stdin'], {
    env,
    input: present.map((e) => e.path).join('\0') + '\0',
  });
  rmSync(index, { force: true });
  if (r.code !== 0) return `checkout-index failed: ${r.stderr.trim()}`;
  // A fresh repository with every file tracked (force: files the repository tracks despite its .gitignore stay tracked).
  const gitEnv = {
    ...process.env,
    GIT_AUTHOR_NAME: 'corpus',
    GIT_AUTHOR_EMAIL: 'corpus@localhost',
    GIT_COMMITTER_NAME: 'corpus',
    GIT_COMMITTER_EMAIL: 'corpus@localhost',
    GIT_CONFIG_NOSYSTEM: '1',
  };
  for (const args of [
    ['init', '-q'],
    ['add', '-A', '-f', '.'],
    ['-c', 'commit.gpgsign=false', 'commit', '-q', '--no-verify', '-m', `corpus ${commit}`],
  ]) {
    r = run('git', args, { cwd: dest, env: gitEnv });
    if (r.code !== 0) return `git ${args[0]} failed: ${r.stderr.trim()}`;
  }
  return null;
}
