import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli, copyTree, git, SEED_FIXTURE, snapshotTree } from '../support/cli.js';

const temp: string[] = [];
afterAll(() => temp.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** The seed fixture, committed in a fresh git repository. */
function repo(): string {
  const d = copyTree(SEED_FIXTURE);
  temp.push(d);
  git(d, 'init', '-q');
  git(d, 'add', '-A');
  git(d, 'commit', '-qm', 'before');
  return d;
}
const unchanged = (before: Map<string, Buffer>, d: string) => [...before].filter(([p, b]) => !snapshotTree(d).get(p)?.equals(b)).map(([p]) => p);
const oneLine = (stderr: string) => stderr.split('\n').filter(Boolean);

describe('the dirty-tree guard refuses whenever it cannot learn the tree state', () => {
  it('counts every untracked file, even when git status prints more than 1 MiB', () => {
    const d = repo();
    const gen = path.join(d, 'app', 'generated');
    fs.mkdirSync(gen);
    const long = 'x'.repeat(180);
    for (let i = 0; i < 6500; i++) fs.writeFileSync(path.join(gen, `${long}-${i}.txt`), '');
    const before = snapshotTree(path.join(d, 'alembic'));
    const db = fs.readFileSync(path.join(d, 'app', 'db.py'));
    const r = cli(['asyncpg-to-psycopg', 'app', '--write'], d);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/refusing to write: 6500 uncommitted changes under the target/);
    expect(fs.readFileSync(path.join(d, 'app', 'db.py')).equals(db)).toBe(true);
    expect(unchanged(before, path.join(d, 'alembic'))).toEqual([]);
  });

  it('refuses when git fails on the repository (a corrupt index)', () => {
    const d = repo();
    fs.writeFileSync(path.join(d, '.git', 'index'), 'not an index');
    const db = fs.readFileSync(path.join(d, 'app', 'db.py'));
    const r = cli(['asyncpg-to-psycopg', 'app', '--write'], d);
    expect(r.code).toBe(3);
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^migrate-driver: refusing to write: cannot tell whether the target has uncommitted changes \(git status failed: .+\)/);
    expect(fs.readFileSync(path.join(d, 'app', 'db.py')).equals(db)).toBe(true);
    // The user can still decide to write without the guard.
    expect(cli(['asyncpg-to-psycopg', 'app', '--write', '--allow-dirty'], d).code).toBe(0);
  });

  it('refuses when git itself cannot be run inside a work tree', () => {
    const d = repo();
    const db = fs.readFileSync(path.join(d, 'app', 'db.py'));
    const r = cli(['asyncpg-to-psycopg', 'app', '--write'], d, { PATH: path.dirname(process.execPath) === '/usr/bin' ? '/nonexistent' : path.dirname(process.execPath) });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/cannot tell whether the target has uncommitted changes \(git could not be run \(ENOENT\)\)/);
    expect(fs.readFileSync(path.join(d, 'app', 'db.py')).equals(db)).toBe(true);
  });

  it.runIf(process.getuid?.() === 0)('refuses on a repository git will not read ("dubious ownership")', () => {
    const d = repo();
    execFileSync('chown', ['-R', '12345:12345', d]);
    const db = fs.readFileSync(path.join(d, 'app', 'db.py'));
    const r = cli(['asyncpg-to-psycopg', 'app', '--write'], d, { HOME: d, GIT_CONFIG_NOSYSTEM: '1' });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/dubious ownership/);
    expect(oneLine(r.stderr)).toHaveLength(1);
    expect(fs.readFileSync(path.join(d, 'app', 'db.py')).equals(db)).toBe(true);
  });

  it('checks the target in its own work tree, wherever the command runs from', () => {
    const d = repo();
    fs.appendFileSync(path.join(d, 'app', 'config.py'), '# local edit\n');
    const outside = path.dirname(d);
    const r = cli(['asyncpg-to-psycopg', path.join(d, 'app'), '--write'], outside);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/1 uncommitted change under the target/);
  });
});

describe('--check has not passed while a file that mentions the driver was skipped', () => {
  it('exits 4 and names the file when the only driver mention is in a file it could not parse', () => {
    const d = copyTree(SEED_FIXTURE);
    temp.push(d);
    for (const f of fs.readdirSync(d)) fs.rmSync(path.join(d, f), { recursive: true, force: true });
    fs.writeFileSync(path.join(d, 'broken.py'), 'engine = create_async_engine("postgresql+asyncpg://h/db"\ndef (:\n');
    fs.writeFileSync(path.join(d, 'settings.bin'), Buffer.concat([Buffer.from('postgresql+asyncpg://h/db'), Buffer.alloc(8)]));
    fs.writeFileSync(path.join(d, 'logo.png'), Buffer.concat([Buffer.from('\x89PNG'), Buffer.alloc(64)]));
    const r = cli(['asyncpg-to-psycopg', '.', '--check'], d);
    expect(r.code).toBe(4);
    expect(r.stdout).toMatch(/skipped, may need a change by hand \(2\)/);
    expect(r.stdout).toMatch(/\n\s+broken\.py\s+Python syntax error/);
    expect(r.stdout).toMatch(/\n\s+settings\.bin\s+binary file/);
    // A binary file that never mentions the driver is no loss, and not noise.
    expect(r.stdout).not.toContain('logo.png');
    expect(r.stdout).toMatch(/check incomplete: 2 files/);
    // With nothing skipped that matters, the check passes.
    fs.rmSync(path.join(d, 'broken.py'));
    fs.rmSync(path.join(d, 'settings.bin'));
    expect(cli(['asyncpg-to-psycopg', '.', '--check'], d).code).toBe(0);
  });

  it('still exits 1 when changes are pending, and lists skipped binary and non-UTF-8 files by name', () => {
    const d = copyTree(SEED_FIXTURE);
    temp.push(d);
    fs.writeFileSync(path.join(d, 'blob.bin'), Buffer.concat([Buffer.from('asyncpg'), Buffer.alloc(8)]));
    fs.writeFileSync(path.join(d, 'latin1.env'), Buffer.from('DATABASE_URL=postgresql+asyncpg://h/db # caf\xe9\n', 'latin1'));
    const r = cli(['asyncpg-to-psycopg', '.', '--check'], d);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/\n\s+blob\.bin\s+binary file/);
    expect(r.stdout).toMatch(/\n\s+latin1\.env\s+not valid UTF-8/);
  });
});

describe('--patch', () => {
  it('quotes file names holding a tab, a newline, a quote or a backslash as git does, so git apply accepts it', () => {
    const d = repo();
    const names = ['we\tird.env', 'new\nline.env', 'quo"te.env', 'back\\slash.env'];
    for (const n of names) fs.writeFileSync(path.join(d, 'app', n), 'DATABASE_URL=postgresql+asyncpg://h/db\n');
    git(d, 'add', '-A');
    git(d, 'commit', '-qm', 'odd names');
    const patch = path.join(path.dirname(d), `${path.basename(d)}.patch`);
    temp.push(patch);
    const r = cli(['asyncpg-to-psycopg', '.', '--patch', patch], d);
    expect(r.code).toBe(0);
    const text = fs.readFileSync(patch, 'utf8');
    expect(text).toContain('diff --git "a/app/we\\tird.env" "b/app/we\\tird.env"');
    expect(text).toContain('--- "a/app/new\\nline.env"');
    const check = spawnSync('git', ['apply', '--check', '-v', patch], { cwd: d, encoding: 'utf8' });
    expect(check.stderr).not.toMatch(/error/);
    expect(check.status).toBe(0);
    execFileSync('git', ['apply', patch], { cwd: d });
    for (const n of names) expect(fs.readFileSync(path.join(d, 'app', n), 'utf8'), JSON.stringify(n)).toBe('DATABASE_URL=postgresql+psycopg://h/db\n');
  });
});

describe('paths that cannot be used', () => {
  it('says what is wrong with each, in one line', () => {
    const d = copyTree(SEED_FIXTURE);
    temp.push(d);
    fs.symlinkSync('loop', path.join(d, 'loop'));
    fs.symlinkSync('gone', path.join(d, 'dangling'));
    for (const cmd of [['asyncpg-to-psycopg'], ['audit']]) {
      const loop = cli([...cmd, 'loop'], d);
      expect(loop.code).toBe(2);
      expect(loop.stderr).toBe('migrate-driver: loop: a loop of symbolic links\n');
      const dangling = cli([...cmd, 'dangling'], d);
      expect(dangling.stderr).toBe('migrate-driver: dangling: a symbolic link to something that does not exist\n');
      expect(cli([...cmd, 'nope'], d).stderr).toBe('migrate-driver: nope: no such file or folder\n');
    }
  });
});
