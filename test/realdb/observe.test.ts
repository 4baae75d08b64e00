import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEndpoint } from '../../src/verify/live/endpoint-url.js';
import { startProxy } from '../../src/verify/observe/proxy.js';
import { cli, SEED_FIXTURE } from '../support/cli.js';
import { REPO, SEED_ASYNCPG, VENV_PYTHON } from '../support/python.js';
import { startServers, type Servers } from '../support/servers.js';

/** Observe mode: `verify ... -- <command>` through the recording proxy, with real drivers. */
let servers: Servers;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-observe-'));
beforeAll(async () => {
  servers = await startServers();
});
afterAll(() => {
  servers?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const TT = (n: string) => path.join(REPO, 'fixtures/truth-table', n);
const PY_WORKLOAD = path.join(REPO, 'test/python/truth_workload.py');
const NODE_WORKLOAD = path.join(REPO, 'test/node/truth-workload.mjs');

/** Runs a truth-table app under `verify -- ...`; returns verify's exit, its JSON and the app's own result line. */
function observe(app: string, url: string, runtime: 'python' | 'node', env: Record<string, string> = {}) {
  const cmd = runtime === 'python' ? [VENV_PYTHON, PY_WORKLOAD, TT(app), 'env'] : [process.execPath, NODE_WORKLOAD, TT(app), 'env'];
  const r = cli(['verify', TT(app), '--url', url, '--json', '--', ...cmd], REPO, env);
  const lines = r.stdout.trim().split('\n');
  const jsonStart = lines.findIndex((l) => l === '{');
  const appResult = JSON.parse(lines.slice(0, jsonStart).filter((l) => l.startsWith('{"ok"')).pop() ?? 'null');
  return { code: r.code, report: JSON.parse(lines.slice(jsonStart).join('\n')), app: appResult as { ok: number; errors: number; wrong: number } | null, stderr: r.stderr };
}

describe('the proxy never corrupts, reorders or drops traffic (real drivers, every answer checked)', () => {
  const SAFE: [string, 'python' | 'node', 'asyncpg' | 'psycopg' | null][] = [
    ['asyncpg-cache-0', 'python', null],
    ['psycopg-threshold-none', 'python', null],
    ['sqlalchemy-psycopg-migrated', 'python', 'psycopg'],
    ['sqlalchemy-asyncpg-seed-0.32', 'python', 'asyncpg'],
    ['pg-unnamed', 'node', null],
    ['postgresjs-prepare-false', 'node', null],
  ];
  for (const [app, runtime, driver] of SAFE) {
    it(`${app} through the proxy to PgBouncer (transaction mode): 800/800 right, nothing named, exit 0`, async () => {
      await servers.resetPool();
      const o = observe(app, servers.url(driver), runtime);
      expect(o.app).toEqual({ ok: 800, errors: 0, wrong: 0, error_kinds: {} });
      expect(o.report.observed.named).toEqual([]);
      expect(o.report.observed.connections).toBeGreaterThanOrEqual(1);
      expect(o.report.observed.statements).toBeGreaterThanOrEqual(800);
      expect(o.report.observed.provedNothing).toBeNull();
      expect(o.code, JSON.stringify(o.report.verdict)).toBe(0);
    });
  }

  it('gives byte-identical results to a direct connection: COPY in and out, a 2 MB parameter, pipeline mode', async () => {
    const ep = parseEndpoint(servers.url(null, 'direct'));
    const proxy = await startProxy(ep);
    try {
      // Async: the proxy runs in this process, so a blocking spawn would starve it.
      const spawnJson = (cmd: string, args: string[]) =>
        new Promise<Record<string, unknown>>((resolve, reject) => {
          const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
          let out = '';
          let err = '';
          child.stdout.on('data', (d) => (out += d));
          child.stderr.on('data', (d) => (err += d));
          const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
          child.on('close', () => {
            clearTimeout(timer);
            if (err) reject(new Error(err));
            else resolve(JSON.parse(out.trim()));
          });
        });
      const run = (url: string, suffix: string) => spawnJson(VENV_PYTHON, [path.join(REPO, 'test/python/equivalence.py'), url, suffix]);
      const direct = await run(servers.url(null, 'direct'), 'direct');
      const proxied = await run(`postgresql://app:app-pw@127.0.0.1:${proxy.port}/appdb`, 'proxied');
      expect(proxied).toEqual(direct);
      expect(direct.table).toEqual([20000, expect.any(String)]);
      expect(direct.big_param).toEqual([2 * 1024 * 1024, expect.any(String)]);
    } finally {
      await proxy.close();
    }
  });

  it('forwards CancelRequest and leaves no socket open after abrupt disconnects', async () => {
    const ep = parseEndpoint(servers.url(null, 'direct'));
    const proxy = await startProxy(ep);
    const waitClosed = async () => {
      for (let i = 0; i < 100 && proxy.open() > 0; i++) await new Promise((r) => setTimeout(r, 20));
      return proxy.open();
    };
    try {
      // Cancel: postgres.js sends a CancelRequest on a new connection; the server must get it.
      const sql = postgres(`postgresql://app:app-pw@127.0.0.1:${proxy.port}/appdb`, { max: 1 });
      const q = sql`select pg_sleep(10)`;
      setTimeout(() => q.cancel(), 300);
      await expect(q).rejects.toMatchObject({ code: '57014' });
      await sql.end({ timeout: 1 });
      expect(await waitClosed()).toBe(0);

      // The client vanishes mid-query.
      const c1 = new pg.Client({ connectionString: `postgresql://app:app-pw@127.0.0.1:${proxy.port}/appdb` });
      c1.on('error', () => {});
      await c1.connect();
      void c1.query('select pg_sleep(5)').catch(() => {});
      await new Promise((r) => setTimeout(r, 200));
      (c1 as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();
      expect(await waitClosed()).toBe(0);

      // The server side goes away (backend terminated).
      const c2 = new pg.Client({ connectionString: `postgresql://app:app-pw@127.0.0.1:${proxy.port}/appdb` });
      c2.on('error', () => {});
      await c2.connect();
      const pid = (await c2.query('select pg_backend_pid() as pid')).rows[0].pid;
      const admin = new pg.Client({ connectionString: servers.url(null, 'direct').replace('app:app-pw', 'postgres') });
      await admin.connect();
      await admin.query('select pg_terminate_backend($1)', [pid]);
      await admin.end();
      await expect(c2.query('select 1')).rejects.toBeTruthy();
      expect(await waitClosed()).toBe(0);
    } finally {
      await proxy.close();
    }
  });
});

describe('what the drivers really send', () => {
  it('asyncpg and postgres.js defaults send named statements; exit 1 behind PgBouncer transaction mode', async () => {
    await servers.resetPool();
    const a = observe('asyncpg-default', servers.url(null), 'python');
    expect(a.code).toBe(1);
    expect(a.report.observed.named.some((s: { name: string }) => /^__asyncpg_stmt_/.test(s.name))).toBe(true);
    await servers.resetPool();
    const p = observe('postgresjs-default', servers.url(null), 'node');
    expect(p.code).toBe(1);
    expect(p.report.observed.named.length).toBeGreaterThan(0);
    expect(p.report.observed.errors.some((e: { code: string }) => e.code === '26000')).toBe(true);
  });

  it("the seed's prepare_threshold=0 sends _pg3_* statements (exit 1); after the migration, none (exit 0)", async () => {
    const hand = path.join(tmp, 'hand');
    fs.cpSync(SEED_FIXTURE, hand, { recursive: true });
    fs.copyFileSync(path.join(REPO, 'test/realdb/seed-hand-migrated-db.py'), path.join(hand, 'app/db.py'));
    const migrated = path.join(tmp, 'migrated');
    fs.cpSync(SEED_FIXTURE, migrated, { recursive: true });
    expect(cli(['asyncpg-to-psycopg', '.', '--write'], migrated).code).toBe(0);
    const run = (dir: string) => {
      const r = cli(['verify', dir, '--url', servers.url('psycopg'), '--json', '--', VENV_PYTHON, path.join(REPO, 'test/python/workload.py'), dir], REPO);
      const lines = r.stdout.trim().split('\n');
      return { code: r.code, report: JSON.parse(lines.slice(lines.findIndex((l) => l === '{')).join('\n')) };
    };
    await servers.resetPool();
    const before = run(hand);
    expect(before.code).toBe(1);
    expect(before.report.observed.named.every((s: { name: string }) => /^_pg3_\d+$/.test(s.name))).toBe(true);
    expect(before.report.observed.named.length).toBeGreaterThan(0);
    await servers.resetPool();
    const after = run(migrated);
    expect(after.report.observed.named).toEqual([]);
    expect(after.report.observed.errors).toEqual([]);
    expect(after.code).toBe(0);
    expect(JSON.stringify(after.report)).not.toContain('app-pw');
    void SEED_ASYNCPG;
  });

  it('a failing command is reported as such and exits non-zero', () => {
    const r = cli(['verify', TT('pg-unnamed'), '--url', servers.url(null, 'direct'), '--', process.execPath, '-e', 'process.exit(3)'], REPO);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/the command itself failed with exit 3/);
  });
});

describe('an observation proves only what it saw', () => {
  /** A site the audit cannot decide: behind the transaction pooler, verify alone says exit 1. */
  const unknownApp = () => {
    const dir = path.join(tmp, 'unknown-site');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'app.py'), 'import os\nimport psycopg\n\nTHRESHOLD = int(os.environ.get("PREPARE_THRESHOLD", "5"))\nconn = psycopg.connect(os.environ["DATABASE_URL"], prepare_threshold=THRESHOLD)\n');
    return dir;
  };
  const node = (code: string) => [process.execPath, '-e', code];
  const verifyJson = (dir: string, command: string[]) => {
    const r = cli(['verify', dir, '--url', servers.url(null), '--json', '--', ...command], REPO);
    return { code: r.code, report: JSON.parse(r.stdout.slice(r.stdout.indexOf('{\n'))), stderr: r.stderr };
  };

  it('a command that never connects leaves an unknown site unsafe, as without observation', () => {
    const dir = unknownApp();
    expect(cli(['verify', dir, '--url', servers.url(null)], REPO).code).toBe(1);
    const r = cli(['verify', dir, '--url', servers.url(null), '--', 'true'], REPO);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/observed \(0 connections, 0 statements through the proxy; the command exited 0\)/);
    expect(r.stdout).toContain('the observation proved nothing: the command never connected to the proxy (does it read DATABASE_URL?)');
    expect(r.stdout).toMatch(/verdict: unsafe: .*the observation proved nothing/);
    expect(r.stdout).not.toMatch(/verdict: safe/);
  });

  it('a command that sends random bytes proves nothing either', () => {
    const j = verifyJson(
      unknownApp(),
      node(`const s = require('net').connect(Number(new URL(process.env.DATABASE_URL).port), '127.0.0.1', () => s.write(require('crypto').randomBytes(256))); s.on('error', () => {}); s.on('close', () => process.exit(0)); setTimeout(() => process.exit(0), 2000);`),
    );
    expect(j.code).toBe(1);
    expect(j.report.observed).toMatchObject({ connections: 0, statements: 0, notPostgres: 1 });
    expect(j.report.observed.provedNothing).toBe('1 connection to the proxy did not speak the PostgreSQL protocol');
    expect(j.report.verdict.summary).toMatch(/^unsafe: .*the observation proved nothing$/);
  });

  it('a command that logs in but sends no statement proves nothing', () => {
    const j = verifyJson(unknownApp(), node(`const pg = require('pg'); const c = new pg.Client(process.env.DATABASE_URL); c.connect().then(() => c.end());`));
    expect(j.code).toBe(1);
    expect(j.report.observed).toMatchObject({ connections: 1, statements: 0 });
    expect(j.report.observed.provedNothing).toBe('1 connection completed start-up but sent no statement');
  });

  it('a missing command: one line "command not found: NAME", and never "safe"', () => {
    const direct = cli(['verify', TT('pg-unnamed'), '--url', servers.url(null, 'direct'), '--', 'no-such-command-xyz', '--flag'], REPO);
    expect(direct.stderr.split('\n')).toContain('migrate-driver: command not found: no-such-command-xyz');
    expect(direct.code).toBe(2);
    expect(direct.stdout).toMatch(/verdict: undecidable: .*\(the command could not be started: command not found: no-such-command-xyz\)/);
    const pooled = cli(['verify', unknownApp(), '--url', servers.url(null), '--', 'no-such-command-xyz'], REPO);
    expect(pooled.code).toBe(1);
    expect(pooled.stdout).not.toMatch(/verdict: safe/);
  });

  it('the command line is printed with its password masked, unless --show-secrets', () => {
    const cmd = [process.execPath, '-e', 'process.exit(0)', servers.url(null, 'direct'), 'PGPASSWORD=app-pw', '--bare', 'app-pw'];
    const masked = cli(['verify', TT('pg-unnamed'), '--url', servers.url(null, 'direct'), '--', ...cmd], REPO);
    expect(masked.stderr).toContain(`running ${process.execPath} -e process.exit(0) postgresql://app:****@127.0.0.1:`);
    expect(masked.stderr).toContain('PGPASSWORD=**** --bare ****');
    expect(masked.stdout + masked.stderr).not.toContain('app-pw');
    const shown = cli(['verify', TT('pg-unnamed'), '--url', servers.url(null, 'direct'), '--show-secrets', '--', ...cmd], REPO);
    expect(shown.stderr).toContain('postgresql://app:app-pw@127.0.0.1:');
  });
});
