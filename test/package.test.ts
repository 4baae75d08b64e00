import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyTree, SEED_FIXTURE, snapshotTree } from './support/cli.js';
import { REPO } from './support/python.js';
import { APP_PASSWORD, startServers, type Servers } from './support/servers.js';

/**
 * The published package, as a user gets it: `npm pack`, install the tarball into an empty folder,
 * and run every command from there, `verify` against a real PostgreSQL and PgBouncer. Only the
 * package's own dependencies are installed, so a runtime import of a devDependency fails here.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-pack-'));
const app = path.join(dir, 'consumer');
const installed = path.join(app, 'node_modules', 'migrate-driver');
const copies: string[] = [];
let servers: Servers | undefined;

beforeAll(async () => {
  const serversStarting = startServers();
  try {
    const tgz = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: REPO, encoding: 'utf8' }).trim().split('\n').pop()!;
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), '{"name":"consumer","version":"1.0.0","private":true}\n');
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', path.join(dir, tgz)], { cwd: app, stdio: 'pipe', timeout: 240_000 });
  } finally {
    servers = await serversStarting; // stopped in afterAll even when the install failed
  }
}, 300_000);

afterAll(() => {
  servers?.stop();
  for (const c of copies) fs.rmSync(c, { recursive: true, force: true });
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  /** stderr without npm's own warnings (about the machine's npm config): what migrate-driver printed there. */
  ownStderr: string[];
}

function npx(args: string[], cwd = app): Run {
  const r = spawnSync('npx', ['--no-install', 'migrate-driver', ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, ownStderr: r.stderr.split('\n').filter((l) => l && !l.startsWith('npm warn')) };
}

function copy(src: string): string {
  const c = copyTree(src, 'migrate-driver-pack-fixture-');
  copies.push(c);
  return c;
}

describe('the npm package, installed from its tarball', () => {
  it('imports at run time only its own dependencies, each pinned exactly', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const imported = new Set<string>();
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.[cm]?js$/.test(e.name)) {
          const text = fs.readFileSync(p, 'utf8');
          for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire(?:\.resolve)?\(\s*)['"]([^'"]+)['"]/g)) {
            const spec = m[1]!;
            if (spec.startsWith('.') || spec.startsWith('node:') || builtinModules.includes(spec)) continue;
            imported.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
          }
        }
      }
    };
    for (const d of ['bin', 'dist']) walk(path.join(installed, d));
    expect([...imported].sort()).toContain('pg'); // the live probes
    expect([...imported].filter((name) => !(name in manifest.dependencies))).toEqual([]);
    for (const [name, version] of Object.entries(manifest.dependencies)) expect(`${name}@${version}`).toMatch(/@\d+\.\d+\.\d+$/);
  });

  it('--help', () => {
    const r = npx(['--help']);
    expect(r.ownStderr).toEqual([]);
    expect(r.code).toBe(0);
    for (const word of ['asyncpg-to-psycopg', 'pooler-safe', 'audit', 'verify', 'Exit codes']) expect(r.stdout).toContain(word);
  });

  it('list', () => {
    const r = npx(['list']);
    expect(r.ownStderr).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^asyncpg-to-psycopg\s+\S/m);
    expect(r.stdout).toMatch(/^pooler-safe\s+\S/m);
  });

  it('asyncpg-to-psycopg: a dry run on a copy of the seed fixture', () => {
    const target = copy(SEED_FIXTURE);
    const before = snapshotTree(target);
    const r = npx(['asyncpg-to-psycopg', target]);
    expect(r.ownStderr).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+        "prepare_threshold": None,');
    expect(r.stdout).toContain('migrate-driver asyncpg-to-psycopg: dry run');
    expect(r.stdout).not.toContain('s3cr%40t'); // env.example's password is masked
    expect(snapshotTree(target)).toEqual(before);
  });

  it('pooler-safe: a dry run on a copy of fixtures/', () => {
    const target = copy(path.join(REPO, 'fixtures'));
    const before = snapshotTree(target);
    const r = npx(['pooler-safe', target]);
    expect(r.ownStderr).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+    return await psycopg.AsyncConnection.connect(url, autocommit=True, prepare_threshold=None)');
    expect(r.stdout).toContain('+  return postgres(url, { max: 1, connect_timeout: 3, prepare: false });');
    expect(r.stdout).toContain('migrate-driver pooler-safe: dry run');
    expect(snapshotTree(target)).toEqual(before);
  });

  it('audit --json on a copy of fixtures/', () => {
    const r = npx(['audit', '--json', copy(path.join(REPO, 'fixtures'))]);
    expect(r.ownStderr).toEqual([]);
    expect(r.code).toBe(1); // some sites prepare named statements
    const j = JSON.parse(r.stdout) as { command: string; sites: { path: string; driver: string }[] };
    expect(j.command).toBe('audit');
    expect(j.sites.map((s) => s.path)).toContain('fastapi-asyncpg/app/db.py');
    expect(j.sites.map((s) => s.driver)).toEqual(expect.arrayContaining(['sqlalchemy+asyncpg', 'psycopg', 'postgres.js']));
  });

  it('verify --json against PostgreSQL directly: safe, exit 0 (live probes with pg)', () => {
    const r = npx(['verify', copy(SEED_FIXTURE), '--json', '--url', servers!.url('asyncpg', 'direct')]);
    expect(r.ownStderr).toEqual([]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(APP_PASSWORD);
    const j = JSON.parse(r.stdout) as { command: string; endpoint: { sharing: string; server?: string }; verdict: { exit: number } };
    expect([j.command, j.endpoint.sharing, j.verdict.exit]).toEqual(['verify', 'not-shared', 0]);
    expect(j.endpoint.server).toMatch(/^\d+/);
  });

  it('verify through PgBouncer in transaction mode: unsafe, exit 1', () => {
    const r = npx(['verify', copy(SEED_FIXTURE), '--url', servers!.url('asyncpg', 'bouncer')]);
    expect(r.ownStderr).toEqual([]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('server connections are shared per transaction');
    expect(r.stdout).toMatch(/^verdict: unsafe/m);
    expect(r.stdout).not.toContain(APP_PASSWORD);
  });
});
