import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { BIN, cli, copyTree, git, SEED_FIXTURE, snapshotTree } from '../support/cli.js';
import { validityProblems } from '../support/fixture-harness.js';
import { REPO } from '../support/python.js';

const FIXTURE_SECRETS = ['s3cr@t:pw', 's3cr%40t%3Apw', 'local-dev-pw'];
const temp: string[] = [];
afterAll(() => temp.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function tree(): string {
  const d = copyTree(SEED_FIXTURE);
  temp.push(d);
  return d;
}
/** A committed git repo holding the fixture (plus CRLF/BOM files from the codemod fixtures). */
function repo(): string {
  const d = tree();
  const tf = path.join(REPO, 'codemods/asyncpg-to-psycopg/__testfixtures__');
  fs.copyFileSync(path.join(tf, 'engine-crlf.input.py'), path.join(d, 'app/engine_crlf.py'));
  fs.copyFileSync(path.join(tf, 'engine-bom.input.py'), path.join(d, 'app/engine_bom.py'));
  git(d, 'init', '-q');
  git(d, 'add', '-A');
  git(d, 'commit', '-qm', 'before');
  return d;
}
const changedFiles = (a: Map<string, Buffer>, b: Map<string, Buffer>) => [...a.keys()].filter((k) => !b.get(k)?.equals(a.get(k)!)).sort();

describe('migrate-driver CLI', () => {
  it('--help shows commands, examples and exit codes', () => {
    const top = cli(['--help'], REPO);
    expect(top.code).toBe(0);
    expect(top.stdout).toContain('asyncpg-to-psycopg');
    expect(top.stdout).toContain('Exit codes:');
    const sub = cli(['asyncpg-to-psycopg', '--help'], REPO);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('--write');
    expect(sub.stdout).toContain('Examples:');
    expect(sub.stdout).toMatch(/--placeholders\s+Ported raw asyncpg SQL/);
    expect(sub.stdout).toContain('--placeholders percent');
    expect(cli(['pooler-safe', '--help'], REPO).stdout).not.toContain('--placeholders');
  });

  it('--placeholders percent writes psycopg %s SQL; raw, the default, keeps $n on raw cursors', () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-placeholders-'));
    temp.push(d);
    fs.copyFileSync(path.join(REPO, 'codemods/asyncpg-to-psycopg/__testfixtures__/percent-queries.input.py'), path.join(d, 'queries.py'));
    const dry = (...extra: string[]) => {
      const r = cli(['asyncpg-to-psycopg', '.', '--json', ...extra], d);
      expect(r.code, extra.join(' ')).toBe(0);
      return JSON.parse(r.stdout) as { files: { path: string; diff: string }[] };
    };
    const byDefault = dry();
    expect(dry('--placeholders', 'raw')).toEqual(byDefault);
    const queries = (j: typeof byDefault) => j.files.find((f) => f.path === 'queries.py')!.diff;
    expect(queries(byDefault)).toContain('AsyncConnection.connect(dsn, autocommit=True, prepare_threshold=None, cursor_factory=psycopg.AsyncRawCursor, context=');
    expect(queries(byDefault)).toContain(`+    widgets = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT sku FROM products WHERE sku LIKE 'WID-%' AND price >= $1", (low,))).fetchall()`);
    const percent = queries(dry('--placeholders', 'percent'));
    expect(percent).toContain('AsyncConnection.connect(dsn, autocommit=True, prepare_threshold=None, context=');
    expect(percent).toContain(`+    widgets = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT sku FROM products WHERE sku LIKE 'WID-%%' AND price >= %s", (low,))).fetchall()`);
  });

  it('list names the codemods', () => {
    const r = cli(['list'], REPO);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^asyncpg-to-psycopg\s+\S/m);
    expect(r.stdout).toMatch(/^pooler-safe\s+\S/m);
  });

  it('dry run prints a diff and a summary, writes nothing, and never prints a password', () => {
    const d = tree();
    const before = snapshotTree(d);
    const r = cli(['asyncpg-to-psycopg', '.'], d);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('diff --git a/app/db.py b/app/db.py');
    expect(r.stdout).toContain('+        "prepare_threshold": None,');
    expect(r.stdout).toMatch(/follow-ups \(\d+\)/);
    expect(r.stdout).toContain('****');
    for (const s of FIXTURE_SECRETS) expect(r.stdout + r.stderr).not.toContain(s);
    expect(changedFiles(before, snapshotTree(d))).toEqual([]);
    const shown = cli(['asyncpg-to-psycopg', '.', '--show-secrets'], d);
    expect(shown.stdout).toContain('s3cr%40t%3Apw');
  });

  it('--write changes exactly the previewed files, leaves the rest byte-identical, and is idempotent', async () => {
    const d = tree();
    const before = snapshotTree(d);
    const dry = JSON.parse(cli(['asyncpg-to-psycopg', '.', '--json'], d).stdout) as { files: { path: string }[] };
    expect(cli(['asyncpg-to-psycopg', '.', '--check'], d).code).toBe(1);
    const w = cli(['asyncpg-to-psycopg', '.', '--write'], d);
    expect(w.code).toBe(0);
    expect(w.stdout).toContain(': wrote');
    const written = changedFiles(before, snapshotTree(d));
    expect(written).toEqual(dry.files.map((f) => f.path).sort());
    expect(await validityProblems(d, written)).toEqual([]);
    const again = cli(['asyncpg-to-psycopg', '.'], d);
    expect(again.stdout).not.toContain('diff --git');
    expect(again.stdout).toContain(' 0 to change');
    expect(cli(['asyncpg-to-psycopg', '.', '--check'], d).code).toBe(0);
  });

  it('--patch writes a patch that git apply accepts and that equals --write (CRLF and BOM included)', () => {
    const a = repo();
    const b = repo();
    const p = cli(['asyncpg-to-psycopg', '.', '--patch', 'migrate.patch'], a);
    expect(p.code).toBe(0);
    const patch = fs.readFileSync(path.join(a, 'migrate.patch'), 'utf8');
    expect(patch).toContain('s3cr%40t%3Apw'); // files on disk hold the real text
    expect(patch).toContain('diff --git a/app/engine_crlf.py b/app/engine_crlf.py');
    fs.renameSync(path.join(a, 'migrate.patch'), path.join(a, '..', `${path.basename(a)}.patch`));
    git(a, 'apply', '--whitespace=nowarn', path.join(a, '..', `${path.basename(a)}.patch`));
    temp.push(path.join(a, '..', `${path.basename(a)}.patch`));
    expect(cli(['asyncpg-to-psycopg', '.', '--write'], b).code).toBe(0);
    const ta = snapshotTree(a);
    const tb = snapshotTree(b);
    for (const k of [...tb.keys()].filter((k) => !k.startsWith('.git/'))) expect(ta.get(k)?.equals(tb.get(k)!), k).toBe(true);
    expect(tb.get('app/engine_crlf.py')!.toString()).toContain('"prepare_threshold": None,\r\n');
    expect(tb.get('app/engine_bom.py')!.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(true);
  });

  it('--json is machine-readable and masked', () => {
    const d = tree();
    const r = cli(['asyncpg-to-psycopg', '.', '--json'], d);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.command).toBe('asyncpg-to-psycopg');
    expect(j.mode).toBe('dry-run');
    expect(j.summary.filesChanged).toBe(j.files.length);
    expect(j.files.map((f: { path: string }) => f.path)).toContain('requirements.txt');
    expect(j.followUps.some((f: { message: string }) => f.message.includes('command_timeout=60'))).toBe(true);
    for (const s of FIXTURE_SECRETS) expect(r.stdout).not.toContain(s);
  });

  it('refuses to --write over uncommitted changes under the target, and only there', () => {
    const d = repo();
    fs.mkdirSync(path.join(d, 'other'));
    fs.writeFileSync(path.join(d, 'other/notes.txt'), 'dirt outside the target\n');
    fs.appendFileSync(path.join(d, 'app/config.py'), '# local edit\n');
    const before = snapshotTree(d);
    const r = cli(['asyncpg-to-psycopg', 'app', '--write'], d);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('--allow-dirty');
    expect(r.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(2);
    expect(changedFiles(before, snapshotTree(d))).toEqual([]);
    // Dirt elsewhere does not block a target that is clean.
    expect(cli(['asyncpg-to-psycopg', 'alembic', '--write'], d).code).toBe(0);
    expect(cli(['asyncpg-to-psycopg', 'app', '--write', '--allow-dirty'], d).code).toBe(0);
    expect(fs.readFileSync(path.join(d, 'app/db.py'), 'utf8')).toContain('"prepare_threshold": None');
  });

  it('ends quietly when its output is piped into head', () => {
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${BIN}" asyncpg-to-psycopg "${SEED_FIXTURE}" | head -1`], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    expect(r.stdout).toMatch(/^diff --git/);
    expect(r.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });

  it('answers bad usage with exit 2 and one line, never a stack trace', () => {
    for (const args of [['asyncpg-to-psycopg', 'no/such/dir'], ['asyncpg-to-psycopg', '--bogus'], ['asyncpg-to-psycopg', '.', '--write', '--check'], ['no-such-codemod'], ['asyncpg-to-psycopg', '.', '--placeholders', 'qmark'], ['pooler-safe', '.', '--placeholders', 'percent']]) {
      const r = cli(args, REPO);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^migrate-driver: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('skips what it cannot edit safely, says why, and migrates the rest', () => {
    const d = tree();
    fs.writeFileSync(path.join(d, 'app/broken.py'), 'engine = create_async_engine("postgresql+asyncpg://x/y"\ndef (:\n');
    fs.writeFileSync(path.join(d, 'blob.bin'), Buffer.concat([Buffer.from('postgresql+asyncpg://'), Buffer.alloc(16), Buffer.from('asyncpg')]));
    fs.writeFileSync(path.join(d, 'huge.sql'), `-- postgresql+asyncpg://a/b\n${'x'.repeat(3 * 1024 * 1024)}`);
    fs.writeFileSync(path.join(d, 'latin1.env'), Buffer.from('DATABASE_URL=postgresql+asyncpg://h/db # caf\xe9\n', 'latin1'));
    fs.symlinkSync(d, path.join(d, 'loop'));
    const before = snapshotTree(d);
    const r = cli(['asyncpg-to-psycopg', '.', '--write', '--json'], d);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { skipped: { path: string; reason: string }[]; files: { path: string }[] };
    const reason = (p: string) => j.skipped.find((s) => s.path === p)?.reason ?? '';
    expect(reason('app/broken.py')).toMatch(/Python syntax error at line \d+, column \d+: file left unchanged/);
    expect(reason('blob.bin')).toBe('binary file');
    expect(reason('huge.sql')).toMatch(/larger than 2 MiB/);
    expect(reason('latin1.env')).toBe('not valid UTF-8');
    expect(reason('loop')).toMatch(/symbolic link/);
    const after = snapshotTree(d);
    for (const p of ['app/broken.py', 'blob.bin', 'huge.sql', 'latin1.env']) expect(after.get(p)!.equals(before.get(p)!), p).toBe(true);
    expect(j.files.map((f) => f.path)).toContain('app/db.py');
    expect(fs.readFileSync(path.join(d, 'app/db.py'), 'utf8')).toContain('"prepare_threshold": None');
  });

  it('honours nested .gitignore files and skips dependency and virtualenv folders', () => {
    const d = tree();
    const url = 'DATABASE_URL=postgresql+asyncpg://h/db\n';
    for (const p of ['services/api/generated/x.env', 'services/api/keep.env', 'node_modules/pkg/a.env', '.venv/lib/b.env', 'myenv/lib/c.env']) {
      fs.mkdirSync(path.dirname(path.join(d, p)), { recursive: true });
      fs.writeFileSync(path.join(d, p), url);
    }
    fs.writeFileSync(path.join(d, 'myenv/pyvenv.cfg'), 'home = /usr/bin\n');
    fs.writeFileSync(path.join(d, 'services/api/.gitignore'), 'generated/\n');
    const j = JSON.parse(cli(['asyncpg-to-psycopg', '.', '--json'], d).stdout) as { files: { path: string }[] };
    const paths = j.files.map((f) => f.path);
    expect(paths).toContain('services/api/keep.env');
    for (const p of ['services/api/generated/x.env', 'node_modules/pkg/a.env', '.venv/lib/b.env', 'myenv/lib/c.env']) expect(paths).not.toContain(p);
    // A folder named explicitly is walked even though an outer .gitignore excludes it.
    const explicit = JSON.parse(cli(['asyncpg-to-psycopg', 'services/api/generated', '--json'], d).stdout) as { files: { path: string }[] };
    expect(explicit.files.map((f) => f.path)).toEqual(['services/api/generated/x.env']);
  });

  it('--include and --exclude narrow the run', () => {
    const d = tree();
    const only = JSON.parse(cli(['asyncpg-to-psycopg', '.', '--json', '--include', '*.py'], d).stdout) as { files: { path: string }[] };
    expect(only.files.length).toBeGreaterThan(0);
    expect(only.files.every((f) => f.path.endsWith('.py'))).toBe(true);
    const without = JSON.parse(cli(['asyncpg-to-psycopg', '.', '--json', '--exclude', '*.md', '--exclude', 'alembic/'], d).stdout) as { files: { path: string }[] };
    expect(without.files.some((f) => f.path.endsWith('.md') || f.path.startsWith('alembic/'))).toBe(false);
    expect(without.files.map((f) => f.path)).toContain('app/db.py');
  });

  it('a path after --include or --exclude is the path to run on, not one more pattern', () => {
    const d = tree();
    const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-cwd-'));
    temp.push(elsewhere);
    fs.writeFileSync(path.join(elsewhere, 'db.py'), 'from sqlalchemy.ext.asyncio import create_async_engine\nengine = create_async_engine("postgresql+asyncpg://u@h/db")\n');
    for (const args of [['--include', '*.py', d], ['--exclude', '*.md', '--exclude', 'alembic/', d]]) {
      const r = cli(['asyncpg-to-psycopg', ...args, '--json'], elsewhere);
      const out = JSON.parse(r.stdout) as { root: string; files: { path: string }[] };
      expect(out.root).toBe(d);
      expect(out.files.map((f) => f.path)).toContain('app/db.py');
    }
    for (const args of [['--include', '*.py', d], ['--exclude', '*.md', d]]) {
      const out = JSON.parse(cli(['audit', ...args, '--json'], elsewhere).stdout) as { root: string };
      expect(out.root).toBe(d);
    }
    // Two patterns after one flag: the second is taken as a path, and named as missing.
    const two = cli(['pooler-safe', '--include', '*.py', '*.ts', d], elsewhere);
    expect(two.code).toBe(2);
    expect(two.stderr).toContain('*.ts: no such file or folder');
  });
});

describe('gitignored .env files', () => {
  it('are not edited, but a follow-up says they mention the old driver', () => {
    const d = tree();
    fs.writeFileSync(path.join(d, '.env'), 'DATABASE_URL=postgresql+asyncpg://app:pw@h/db\n');
    const before = fs.readFileSync(path.join(d, '.env'));
    const j = JSON.parse(cli(['asyncpg-to-psycopg', '.', '--write', '--json'], d).stdout) as { followUps: { path: string; rule: string; marked: boolean }[] };
    expect(fs.readFileSync(path.join(d, '.env')).equals(before)).toBe(true);
    expect(j.followUps).toContainEqual(expect.objectContaining({ path: '.env', rule: 'ignored-env', marked: false }));
    // Named explicitly, the file is migrated (an explicit path wins over .gitignore, as with git add -f).
    expect(cli(['asyncpg-to-psycopg', '.env', '--write'], d).code).toBe(0);
    expect(fs.readFileSync(path.join(d, '.env'), 'utf8')).toBe('DATABASE_URL=postgresql+psycopg://app:pw@h/db\n');
  });
});

describe('lockfiles', () => {
  it('are never edited; they are reported as needing a re-lock', () => {
    const d = tree();
    fs.writeFileSync(path.join(d, 'poetry.lock'), '[[package]]\nname = "asyncpg"\nversion = "0.29.0"\n');
    fs.writeFileSync(path.join(d, 'uv.lock'), '[[package]]\nname = "fastapi"\n');
    const j = JSON.parse(cli(['asyncpg-to-psycopg', '.', '--json'], d).stdout) as { relock: string[]; files: { path: string }[] };
    expect(j.relock).toEqual(['poetry.lock']);
    expect(j.files.map((f) => f.path)).not.toContain('poetry.lock');
    expect(cli(['asyncpg-to-psycopg', '.'], d).stdout).toMatch(/re-lock needed[^\n]*\n\s+poetry\.lock/);
  });
});
