import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';

/**
 * Masked output stays usable: every JSON and SARIF output parses, a masked diff keeps every line
 * and prefix (and applies where no password sits in a hunk), and no password is printed.
 * Runs the built CLI (`npm run build` first), like the other end-to-end tests.
 */

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-mask-'));
  dirs.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

// Hunks that hold password NAMES but no password: the masked diff must be the real diff.
const NO_SECRET_IN_HUNKS = {
  '.env.example': '# app settings\nDB_PASSWORD=\nDATABASE_URL=postgresql+asyncpg://app:${DB_PASSWORD}@db:5432/app\nREDIS_PASSWORD=\n',
  'app/config.py': [
    'import os',
    '',
    '',
    'class Settings:',
    '    DATABASE_URL: str = os.environ.get("DATABASE_URL", "postgresql+asyncpg://app@db/app")',
    '    DB_PASSWORD: str = os.environ.get("DB_PASSWORD", "")',
    '    DEBUG: bool = False',
    '',
    '',
    '',
    '',
    '    ADMIN_PASSWORD: str = "far-from-any-edit-1"',
    '',
  ].join('\n'),
};

// Passwords inside hunks, written the ways that broke masking: a type annotation, an escaped
// quote in a conninfo, an unencoded `/` in a URL, an .env line next to a changed one.
const SECRETS = ['changeme-7Hq', 's3cr3t-dsn', 'pa/ss-Q9', 'hunter2-env', 'audit-pw-5'];
const SECRET_IN_HUNKS = {
  ...NO_SECRET_IN_HUNKS,
  'app/db.py': [
    'from sqlalchemy.ext.asyncio import create_async_engine',
    '',
    'DB_PASSWORD: str = "changeme-7Hq"',
    'DSN = "host=db user=app password=\\"s3cr3t-dsn\\" dbname=app"',
    'engine = create_async_engine("postgresql+asyncpg://app:pa/ss-Q9@db:5432/app")',
    '',
  ].join('\n'),
  'deploy/env.example': 'DATABASE_URL=postgresql+asyncpg://app:hunter2-env@db:5432/app\nDB_PASSWORD=hunter2-env\n',
  // An unresolvable setting is quoted into the audit's settings and `why`.
  'app/pg.py': 'import psycopg\nconn = psycopg.connect("postgresql://app@db/app", prepare_threshold=threshold_for(password="audit-pw-5"))\n',
};

const diffPart = (stdout: string) => stdout.slice(0, stdout.indexOf('\nmigrate-driver asyncpg-to-psycopg:') + 1);
const hide = (text: string) => SECRETS.reduce((t, s) => t.split(s).join('****'), text);
const expectNoSecret = (text: string) => {
  for (const s of [...SECRETS, 'far-from-any-edit-1', 'ss-V9']) expect(text, `shows ${s.slice(0, 2)}…`).not.toContain(s);
};

describe('masked output', () => {
  it('prints a dry-run diff that git applies when no password is inside a hunk', () => {
    const d = project(NO_SECRET_IN_HUNKS);
    const masked = cli(['asyncpg-to-psycopg', '.'], d);
    const shown = cli(['asyncpg-to-psycopg', '.', '--show-secrets'], d);
    expect([masked.code, masked.stderr]).toEqual([0, '']);
    const diff = diffPart(masked.stdout);
    expect(diff).toContain('+DATABASE_URL=postgresql+psycopg://app:${DB_PASSWORD}@db:5432/app');
    expect(diff).toBe(diffPart(shown.stdout));
    const check = spawnSync('git', ['apply', '--check', '-'], { cwd: d, input: diff, encoding: 'utf8' });
    expect(check.stderr).toBe('');
    expect(check.status).toBe(0);
  });

  it('keeps every diff line and its prefix when it masks passwords inside hunks', () => {
    const d = project(SECRET_IN_HUNKS);
    const masked = cli(['asyncpg-to-psycopg', '.'], d);
    const shown = cli(['asyncpg-to-psycopg', '.', '--show-secrets'], d);
    expect(masked.code).toBe(0);
    expect(shown.stdout).toContain('changeme-7Hq');
    expectNoSecret(masked.stdout);
    // Line for line: the same lines, the same prefixes, only the passwords replaced.
    const [m, s] = [masked.stdout.split('\n'), shown.stdout.split('\n')];
    expect(m.map((l) => l[0])).toEqual(s.map((l) => l[0]));
    expect(masked.stdout).toBe(hide(shown.stdout));
    expect(masked.stdout).toContain('\n DB_PASSWORD: str = "****"\n'); // the annotation stays, the value goes
  });

  it('--json of a codemod parses and shows no password', () => {
    const d = project(SECRET_IN_HUNKS);
    const r = cli(['asyncpg-to-psycopg', '.', '--json'], d);
    expect(r.code).toBe(0);
    expectNoSecret(r.stdout);
    const j = JSON.parse(r.stdout) as { files: { path: string; diff: string }[] };
    const shown = JSON.parse(cli(['asyncpg-to-psycopg', '.', '--json', '--show-secrets'], d).stdout) as typeof j;
    expect(j.files.map((f) => f.diff)).toEqual(shown.files.map((f) => hide(f.diff)));
  });

  it('audit --format json and sarif parse and show no password', () => {
    const d = project(SECRET_IN_HUNKS);
    const json = cli(['audit', '.', '--format', 'json'], d);
    expect(json.code).toBe(1); // unsafe sites: exit 1 by contract
    expectNoSecret(json.stdout);
    const j = JSON.parse(json.stdout) as { command: string; sites: { settings: string[] }[] };
    expect(j.command).toBe('audit');
    expect(j.sites.flatMap((s) => s.settings)).toContain('prepare_threshold=threshold_for(password="****")');
    const sarif = cli(['audit', '.', '--format', 'sarif'], d);
    expectNoSecret(sarif.stdout);
    expect((JSON.parse(sarif.stdout) as { version: string }).version).toBe('2.1.0');
    const human = cli(['audit', '.'], d);
    expectNoSecret(human.stdout);
  });

  it('verify --format json and sarif parse and show no password, even from a URL it misreads', () => {
    const d = project(SECRET_IN_HUNKS);
    // An unencoded `/` in the password; port 1 on loopback: nothing listens, the verdict is "could not decide".
    const url = 'postgresql://app:5555/ss-V9@127.0.0.1:1/db';
    const json = cli(['verify', '.', '--format', 'json', '--url', url], d);
    expect(json.code).toBe(2);
    expectNoSecret(json.stdout + json.stderr);
    const j = JSON.parse(json.stdout) as { command: string; endpoint: { where: string }; verdict: { exit: number } };
    expect([j.command, j.verdict.exit]).toEqual(['verify', 2]);
    const sarif = cli(['verify', '.', '--format', 'sarif', '--url', url], d);
    expectNoSecret(sarif.stdout);
    expect((JSON.parse(sarif.stdout) as { version: string }).version).toBe('2.1.0');
  });
});
