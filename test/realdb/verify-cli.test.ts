import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cli, SEED_FIXTURE, type CliRun } from '../support/cli.js';
import { REPO } from '../support/python.js';
import { startServers, type Servers } from '../support/servers.js';

let servers: Servers;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-verify-'));
beforeAll(async () => {
  servers = await startServers();
});
afterAll(() => {
  servers?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const oneLine = (s: string) => s.trim().split('\n').length === 1;

/** Like cli(), without blocking this process (for servers that live in it). */
function cliAsync(args: string[]): Promise<CliRun> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('verify: undecidable endpoints exit 2 with one line and no password', () => {
  it('unreachable', () => {
    const r = cli(['verify', SEED_FIXTURE, '--url', 'postgresql://app:hunter2-secret@127.0.0.1:1/appdb'], REPO);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^migrate-driver: undecidable: cannot reach the server/);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stdout + r.stderr).not.toContain('hunter2-secret');
  });

  it('authentication failure', () => {
    const url = servers.url('psycopg').replace('app-pw', 'wrong%40pw');
    const r = cli(['verify', SEED_FIXTURE, '--url', url], REPO);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/authentication failed/);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stdout + r.stderr).not.toMatch(/wrong(%40|@)pw/);
  });

  it('a server that does not speak PostgreSQL is named as such, whatever the sslmode', async () => {
    // In this process, so the CLI must run asynchronously for the server to answer.
    const junk = net.createServer((s) => {
      s.on('error', () => s.destroy());
      s.on('data', () => s.write(randomBytes(64)));
      s.write(randomBytes(64));
    });
    await new Promise<void>((r) => junk.listen(0, '127.0.0.1', r));
    const port = (junk.address() as net.AddressInfo).port;
    const empty = fs.mkdtempSync(path.join(tmp, 'no-code-'));
    try {
      for (const mode of ['prefer', 'require', 'disable']) {
        const r = await cliAsync(['verify', empty, '--url', `postgresql://app:hunter2-secret@127.0.0.1:${port}/appdb?sslmode=${mode}`]);
        expect(r.code, mode).toBe(2);
        expect(r.stderr, mode).toMatch(new RegExp(`^migrate-driver: undecidable: the server at 127\\.0\\.0\\.1:${port} did not answer as PostgreSQL`));
        expect(r.stderr, mode).not.toMatch(/TLS/);
        expect(oneLine(r.stderr)).toBe(true);
        expect(r.stdout + r.stderr).not.toContain('hunter2-secret');
      }
    } finally {
      await new Promise((r) => junk.close(r));
    }
  });

  it('bad URL and a missing variable', () => {
    const bad = cli(['verify', SEED_FIXTURE, '--url', 'mysql://u:p@h/db'], REPO);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a PostgreSQL URL/);
    fs.writeFileSync(path.join(tmp, 'prod.env'), 'OTHER=1\n');
    const missing = cli(['verify', SEED_FIXTURE, '--env-file', path.join(tmp, 'prod.env')], REPO);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('DATABASE_URL is not set');
  });
});

describe('verify: verdicts with their evidence', () => {
  it('the seed app behind PgBouncer in transaction mode is unsafe, with each file:line and its fix', () => {
    fs.writeFileSync(path.join(tmp, 'deploy.env'), `export DATABASE_URL="${servers.url('asyncpg')}"\n`);
    const r = cli(['verify', SEED_FIXTURE, '--env-file', path.join(tmp, 'deploy.env'), '--unknown-db-probe'], REPO);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('server connections are shared per transaction');
    expect(r.stdout).toMatch(/evidence: .*26000/);
    expect(r.stdout).toMatch(/fixtures\/fastapi-asyncpg\/app\/db\.py:8 {2}sqlalchemy\+asyncpg: connect_args=/);
    expect(r.stdout).toMatch(/hint: an unknown database is refused by the pooler .*08P01/);
    expect(r.stdout).not.toContain('app-pw');
  });

  it('the same app directly on PostgreSQL is safe, and JSON carries the evidence', () => {
    const r = cli(['verify', SEED_FIXTURE, '--url', servers.url('asyncpg', 'direct'), '--json', '--unknown-db-probe'], REPO);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.endpoint.sharing).toBe('not-shared');
    expect(j.endpoint.evidence.join(' ')).toMatch(/each client kept its own backend/);
    expect(j.endpoint.hints.join(' ')).toMatch(/refused by PostgreSQL itself \(3D000\)/);
    expect(r.stdout).not.toContain('app-pw');
  });

  it('after the migration the app is safe behind the same pooler', () => {
    const app = path.join(tmp, 'migrated');
    fs.cpSync(SEED_FIXTURE, app, { recursive: true });
    expect(cli(['asyncpg-to-psycopg', '.', '--write'], app).code).toBe(0);
    const r = cli(['verify', app, '--url', servers.url('psycopg')], REPO);
    expect(r.stdout).toContain('verdict: safe: the endpoint shares server connections');
    expect(r.code).toBe(0);
  });
});

describe('audit output formats', () => {
  it('SARIF 2.1.0 with one result per site that is not pooler-safe', () => {
    const r = cli(['audit', SEED_FIXTURE, '--format', 'sarif'], REPO);
    expect(r.code).toBe(1);
    const s = JSON.parse(r.stdout);
    expect(s.version).toBe('2.1.0');
    expect(s.runs[0].tool.driver.name).toBe('migrate-driver');
    const results = s.runs[0].results as { ruleId: string; level: string; message: { text: string }; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[];
    expect(results.map((x) => x.locations[0]!.physicalLocation.artifactLocation.uri)).toContain('fixtures/fastapi-asyncpg/app/db.py');
    for (const x of results) {
      expect(x.ruleId).toBe(s.runs[0].tool.driver.rules[0].id);
      expect(['error', 'warning']).toContain(x.level);
      expect(x.message.text.length).toBeGreaterThan(10);
      expect(x.locations[0]!.physicalLocation.region.startLine).toBeGreaterThan(0);
    }
  });
});
