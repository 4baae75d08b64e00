import * as fs from 'node:fs';
import * as path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, copyTree, SEED_FIXTURE } from '../support/cli.js';
import { lastJson, REPO, runPython, SEED_ASYNCPG } from '../support/python.js';
import { startServers, type Servers } from '../support/servers.js';

/**
 * Proof against reality (issue: seed migration). The fixture app's own engine runs a concurrent
 * workload through PgBouncer 1.18 in transaction mode (pool size 2): 24 tasks, every answer checked.
 */
interface Outcome {
  ok: number;
  errors: number;
  wrong: number;
  error_kinds: Record<string, number>;
  driver: string;
}

const WORKLOAD = path.join(REPO, 'test/python/workload.py');
const TASKS = 24;

let servers: Servers;
const dirs: string[] = [];

beforeAll(async () => {
  servers = await startServers();
  const c = new pg.Client({ host: '127.0.0.1', port: servers.pgPort, user: 'app', password: 'app-pw', database: 'appdb' });
  await c.connect();
  await c.query('create table users (id serial primary key, email text unique not null)');
  await c.end();
});

afterAll(() => {
  servers?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function fixtureCopy(): string {
  const d = copyTree(SEED_FIXTURE);
  dirs.push(d);
  return d;
}

/**
 * The deploy URL as the app gets it, kept in a (non-ignored) env file so the codemod migrates it
 * too. `ssl=disable` is asyncpg's spelling (loopback has no TLS); libpq's is `sslmode=disable`.
 */
function writeDeployEnv(appDir: string): void {
  const url = `${servers.url('asyncpg')}?ssl=disable`;
  fs.writeFileSync(path.join(appDir, 'deploy.env'), `DATABASE_URL=${url}\n`);
}
const deployUrl = (appDir: string) => /^DATABASE_URL=(.*)$/m.exec(fs.readFileSync(path.join(appDir, 'deploy.env'), 'utf8'))![1]!;

async function workload(appDir: string, url: string, opts: { seedAsyncpg?: boolean } = {}): Promise<Outcome> {
  await servers.resetPool();
  const env: Record<string, string> = { DATABASE_URL: url };
  if (opts.seedAsyncpg) env.PYTHONPATH = SEED_ASYNCPG;
  const out = lastJson<Outcome>(await runPython([WORKLOAD, appDir, '--tasks', String(TASKS), '--requests', '40'], env));
  // Printed so the numbers show up in the test log and the issue note.
  console.log(`${path.basename(appDir)} ${out.driver}: ok=${out.ok} errors=${out.errors} wrong=${out.wrong} ${JSON.stringify(out.error_kinds)}`);
  return out;
}

describe('the seed migration through PgBouncer in transaction mode (real drivers)', () => {
  it("fails with the seed's original asyncpg config (asyncpg 0.29.0 as pinned, statement_cache_size=0)", async () => {
    const app = fixtureCopy();
    writeDeployEnv(app);
    const out = await workload(app, deployUrl(app), { seedAsyncpg: true });
    expect(out.driver).toBe('asyncpg');
    expect(out.ok).toBeGreaterThan(0);
    expect(out.errors + out.wrong).toBeGreaterThan(0);
  });

  it('passes after `migrate-driver asyncpg-to-psycopg --write`: zero errors, zero wrong answers', async () => {
    const app = fixtureCopy();
    writeDeployEnv(app);
    const r = cli(['asyncpg-to-psycopg', '.', '--write'], app);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const url = deployUrl(app);
    expect(url).toMatch(/^postgresql\+psycopg:\/\/.*\?sslmode=disable$/);
    expect(fs.readFileSync(path.join(app, 'app/db.py'), 'utf8')).toContain('"prepare_threshold": None');
    const out = await workload(app, url);
    expect(out.driver).toBe('psycopg');
    expect(out).toMatchObject({ errors: 0, wrong: 0, error_kinds: {} });
    expect(out.ok).toBeGreaterThanOrEqual(TASKS * 40); // every request ran at least one checked query
  });

  it("fails with the seed's own hand-written prepare_threshold=0 (the test can tell right from wrong)", async () => {
    const app = fixtureCopy();
    fs.copyFileSync(path.join(REPO, 'test/realdb/seed-hand-migrated-db.py'), path.join(app, 'app/db.py'));
    const out = await workload(app, servers.url('psycopg'));
    expect(out.driver).toBe('psycopg');
    expect(out.errors + out.wrong).toBeGreaterThan(0);
    expect(Object.keys(out.error_kinds).some((k) => k.startsWith('42P05') || k.startsWith('26000'))).toBe(true);
  });

  it("repairs the seed's hand migration: prepare_threshold=0 becomes None and the workload passes", async () => {
    const app = fixtureCopy();
    fs.copyFileSync(path.join(REPO, 'test/realdb/seed-hand-migrated-db.py'), path.join(app, 'app/db.py'));
    const r = cli(['asyncpg-to-psycopg', 'app/db.py', '--write'], app);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(path.join(app, 'app/db.py'), 'utf8')).toContain('"prepare_threshold": None,');
    const out = await workload(app, servers.url('psycopg'));
    expect(out).toMatchObject({ errors: 0, wrong: 0 });
  });

  it('keeps the meaning of the migrated exception handling: a duplicate email is still a 409', async () => {
    const before = fixtureCopy();
    const after = fixtureCopy();
    expect(cli(['asyncpg-to-psycopg', '.', '--write'], after).code).toBe(0);
    expect(fs.readFileSync(path.join(after, 'app/dependencies.py'), 'utf8')).toContain('isinstance(exc.orig, psycopg.errors.UniqueViolation)');
    const script = path.join(REPO, 'test/python/duplicate_email.py');
    const b = lastJson<{ first: number; second: unknown }>(await runPython([script, before], { DATABASE_URL: servers.url('asyncpg', 'direct'), PYTHONPATH: SEED_ASYNCPG }));
    const a = lastJson<{ first: number; second: unknown }>(await runPython([script, after], { DATABASE_URL: servers.url('psycopg', 'direct') }));
    expect(b.second).toBe(409);
    expect(a.second).toBe(409);
    expect(typeof a.first).toBe('number');
  });
});
