import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codemodCommand, type CodemodFlags } from '../../src/cli/codemod-command.js';
import { EXIT } from '../../src/cli/exit-codes.js';
import { CODEMODS } from '../../src/codemod/registry.js';
import type { Codemod } from '../../src/codemod/types.js';
import { git, snapshotTree } from '../support/cli.js';

// A codemod run that creates a file beside the ones it edits: the diff, the patch, the summary,
// the JSON and --check all show it as created, and --write creates it. Run in-process with two
// small codemods registered for this file only.

const DB = 'import asyncpg\n\nasync def connect(url):\n    return await asyncpg.connect(url)\n';
const COMPAT = '"""Compatibility helpers."""\n\nimport psycopg\n\n\ndef connect(url):\n    return psycopg.AsyncConnection.connect(url)\n';

function codemod(name: string, edit: boolean): Codemod<null> {
  return {
    name,
    summary: 'test',
    triggers: ['asyncpg'],
    scan: () => null,
    async transform(ctx) {
      if (ctx.file.rel !== 'app/db.py') return;
      if (edit) ctx.edit(0, 'import asyncpg'.length, 'from app import pg_compat', 'import', 'use the compatibility module');
      ctx.addFile('app/pg_compat.py', COMPAT);
    },
  };
}
const EDITS = 'test-edits-and-creates';
const ONLY = 'test-only-creates';

const temp: string[] = [];
beforeAll(() => {
  CODEMODS[EDITS] = { summary: 'test', load: async () => codemod(EDITS, true) };
  CODEMODS[ONLY] = { summary: 'test', load: async () => codemod(ONLY, false) };
});
afterAll(() => {
  delete CODEMODS[EDITS];
  delete CODEMODS[ONLY];
  temp.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
});

/** A committed git repository holding app/db.py. */
function repo(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-create-'));
  temp.push(d);
  fs.mkdirSync(path.join(d, 'app'));
  fs.writeFileSync(path.join(d, 'app/db.py'), DB);
  git(d, 'init', '-q');
  git(d, 'add', '-A');
  git(d, 'commit', '-qm', 'before');
  return d;
}

async function run(name: string, dir: string, flags: Partial<CodemodFlags> = {}) {
  let out = '';
  let err = '';
  const code = await codemodCommand(
    name,
    { paths: ['.'], write: false, check: false, json: false, allowDirty: false, showSecrets: false, include: [], exclude: [], color: false, ...flags },
    { out: (s) => void (out += s), err: (s) => void (err += s), cwd: dir, isTTY: false },
  );
  return { code, out, err };
}

const compat = (d: string) => path.join(d, 'app/pg_compat.py');

describe('a run that creates a file', () => {
  it('dry run: a git-style diff from /dev/null, "to create" in the summary, nothing written', async () => {
    const d = repo();
    const r = await run(EDITS, d);
    expect(r.code, r.err).toBe(EXIT.OK);
    const added = COMPAT.split('\n').slice(0, -1);
    expect(r.out).toContain(['diff --git a/app/pg_compat.py b/app/pg_compat.py', 'new file mode 100644', '--- /dev/null', '+++ b/app/pg_compat.py', `@@ -0,0 +1,${added.length} @@`, ...added.map((l) => `+${l}`), ''].join('\n'));
    expect(r.out).toContain('diff --git a/app/db.py b/app/db.py\n--- a/app/db.py\n+++ b/app/db.py\n');
    expect(r.out).toMatch(/, 1 to change and 1 to create;/);
    expect(r.out).toContain('  to create (1): app/pg_compat.py\n');
    expect(fs.existsSync(compat(d))).toBe(false);
    expect(git(d, 'status', '--porcelain')).toBe('');
  });

  it('--json marks the file as created and counts it', async () => {
    const d = repo();
    const j = JSON.parse((await run(EDITS, d, { json: true })).out);
    expect(j.files.map((f: { path: string; created?: boolean }) => [f.path, f.created ?? false])).toEqual([
      ['app/db.py', false],
      ['app/pg_compat.py', true],
    ]);
    expect([j.summary.filesChanged, j.summary.filesCreated]).toEqual([2, 1]);
    expect(j.files[1].diff).toMatch(/^diff --git a\/app\/pg_compat\.py b\/app\/pg_compat\.py\nnew file mode 100644\n--- \/dev\/null\n/);
  });

  it('--check counts a file still to create as a pending change', async () => {
    const d = repo();
    const r = await run(ONLY, d, { check: true });
    expect(r.code).toBe(EXIT.CHANGES_PENDING);
    expect(r.out).toMatch(/, 0 to change and 1 to create;/);
    expect(fs.existsSync(compat(d))).toBe(false);
  });

  it('--patch: git apply accepts it, and it gives the same files as --write', async () => {
    const a = repo();
    const b = repo();
    const patch = path.join(os.tmpdir(), `${path.basename(a)}.patch`);
    temp.push(patch);
    expect((await run(EDITS, a, { patch })).code).toBe(EXIT.OK);
    expect(fs.readFileSync(patch, 'utf8')).toContain('new file mode 100644\n--- /dev/null\n+++ b/app/pg_compat.py\n');
    execFileSync('git', ['apply', '--check', patch], { cwd: a });
    execFileSync('git', ['apply', patch], { cwd: a });
    expect(git(a, 'status', '--porcelain')).toBe(' M app/db.py\n?? app/pg_compat.py\n');

    const w = await run(EDITS, b, { write: true, allowDirty: true });
    expect(w.code, w.err).toBe(EXIT.OK);
    expect(w.out).toContain(': wrote');
    expect(w.out).toMatch(/, 1 to change and 1 to create \(written\);/);
    expect(w.out).toContain('  created (1): app/pg_compat.py\n');
    const [ta, tb] = [snapshotTree(a), snapshotTree(b)];
    const files = (t: Map<string, Buffer>) => [...t.keys()].filter((k) => !k.startsWith('.git/')).sort();
    expect(files(tb)).toEqual(['app/db.py', 'app/pg_compat.py']);
    expect(files(ta)).toEqual(files(tb));
    for (const k of files(tb)) expect(ta.get(k)!.equals(tb.get(k)!), k).toBe(true);
    expect(tb.get('app/pg_compat.py')!.toString()).toBe(COMPAT);
    const umask = process.umask();
    expect(fs.statSync(compat(b)).mode & 0o777).toBe(0o644 & ~umask);
    expect(fs.readdirSync(path.join(b, 'app')).filter((n) => n.includes('migrate-driver'))).toEqual([]);
  });

  it('a second run finds the file in place: nothing left to create, --check passes', async () => {
    const d = repo();
    expect((await run(ONLY, d, { write: true })).code).toBe(EXIT.OK);
    expect(fs.readFileSync(compat(d), 'utf8')).toBe(COMPAT);
    const again = await run(ONLY, d);
    expect(again.out).not.toContain('diff --git');
    expect(again.out).toContain(' 0 to change;');
    expect((await run(ONLY, d, { check: true })).code).toBe(EXIT.OK);
  });

  it('--write refuses to create a file in a folder that does not exist, and writes nothing', async () => {
    const d = repo();
    const nested: Codemod<null> = { ...codemod(EDITS, true), async transform(ctx) {
      if (ctx.file.rel !== 'app/db.py') return;
      ctx.edit(0, 'import asyncpg'.length, 'from app.compat import pg', 'import', 'use the compatibility module');
      ctx.addFile('app/compat/pg.py', COMPAT);
    } };
    CODEMODS['test-nested'] = { summary: 'test', load: async () => nested };
    try {
      const r = await run('test-nested', d, { write: true });
      expect(r.code).toBe(EXIT.ERROR);
      expect(r.err).toBe('migrate-driver: write failed, nothing was changed: app/compat/pg.py cannot be created: its folder does not exist (migrate-driver creates files only in existing folders)\n');
      expect(git(d, 'status', '--porcelain', '--untracked-files=all')).toBe('');
    } finally {
      delete CODEMODS['test-nested'];
    }
  });
});
