import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli, type CliRun } from '../support/cli.js';
import { APP_PASSWORD, APP_USER, startCluster, type Cluster } from '../support/cluster.mjs';
import { REPO } from '../support/python.js';

/**
 * What verify leaves behind on the endpoint, read from a server that logs every statement
 * (log_statement=all) and asks every TCP login but postgres for a SCRAM password.
 */
let cluster: Cluster;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-footprint-'));
beforeAll(async () => {
  cluster = await startCluster([{ name: 'transaction', mode: 'transaction', pool: 2 }], { logStatements: true, passwordAuth: true });
});
afterAll(() => {
  cluster?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** No code to audit: only the probes matter here. */
const NO_CODE = path.join(tmp, 'no-code');
fs.mkdirSync(NO_CODE);
const url = (via: 'direct' | 'transaction', password: string | null = APP_PASSWORD) =>
  `postgresql://${APP_USER}${password === null ? '' : `:${password}`}@127.0.0.1:${via === 'direct' ? cluster.pgPort : cluster.ports.transaction}/appdb`;
const NAME = /migrate_driver_probe_[0-9a-f]{12}/g;

/** Runs verify and returns what the server logged meanwhile. */
async function verifyLogged(args: string[]): Promise<CliRun & { log: string }> {
  const from = fs.statSync(cluster.postgresLog).size;
  const r = cli(['verify', NO_CODE, ...args], REPO, { PGPASSWORD: '' });
  await new Promise((res) => setTimeout(res, 300)); // the server writes its log asynchronously
  const fd = fs.openSync(cluster.postgresLog, 'r');
  const buf = Buffer.alloc(fs.fstatSync(fd).size - from);
  fs.readSync(fd, buf, 0, buf.length, from);
  fs.closeSync(fd);
  return { ...r, log: buf.toString('utf8') };
}

/** Statements as the server logged them, with the random statement name as `<name>`. */
function statements(log: string): string[] {
  const out: string[] = [];
  for (const m of log.matchAll(/\] LOG: {2}(statement|execute [^:]+): (.*)$/gm)) out.push((m[1] === 'statement' ? m[2]! : `${m[1]}: ${m[2]}`).replace(NAME, '<name>'));
  return out;
}
const problems = (log: string) => [...log.matchAll(/\] (ERROR|FATAL): {2}(.*)$/gm)].map((m) => `${m[1]}: ${m[2]!.replace(NAME, '<name>')}`);

/** The list in README.md, section "What `verify` sends": each bullet's leading `code` spans. */
function documented(): Set<string> {
  const readme = fs.readFileSync(path.join(REPO, 'README.md'), 'utf8');
  const start = readme.indexOf('### What `verify` sends');
  expect(start).toBeGreaterThan(0);
  const section = readme.slice(start, readme.indexOf('\n#', start + 4));
  const out = new Set<string>();
  for (const m of section.matchAll(/^- ((?:`[^`]+`(?:, )?)+):/gm)) for (const s of m[1]!.matchAll(/`([^`]+)`/g)) out.add(s[1]!);
  return out;
}

describe('verify footprint', () => {
  it('sends exactly the documented statements, sets no application_name and drops its statement', async () => {
    const doc = documented();
    expect(doc.size).toBeGreaterThanOrEqual(5);

    const direct = await verifyLogged(['--url', url('direct')]);
    expect(direct.code, direct.stderr).toBe(0);
    const pooled = await verifyLogged(['--url', url('transaction')]);
    // The audited folder has no connection site: behind a sharing pooler that proves nothing.
    expect(pooled.code, pooled.stderr).toBe(2);
    expect(pooled.stdout).toContain('no connection site was found');
    expect(pooled.stdout).toContain('server connections are shared per transaction');

    for (const r of [direct, pooled]) for (const s of statements(r.log)) expect(doc, `not documented: ${s}`).toContain(s);
    expect(new Set([...statements(direct.log), ...statements(pooled.log)])).toEqual(doc);
    expect(problems(direct.log)).toEqual([]);
    // The 26000 is the evidence that the pooler does not keep named statements; it is documented.
    expect(problems(pooled.log)).toEqual(['ERROR: prepared statement "<name>" does not exist']);
    expect(fs.readFileSync(path.join(REPO, 'README.md'), 'utf8')).toContain('`ERROR: prepared statement "<name>" does not exist`');

    // What is left on the server connections PgBouncer keeps: no application_name, no probe statement.
    const admin = new pg.Client({ host: '127.0.0.1', port: cluster.pgPort, user: 'postgres', database: 'postgres' });
    await admin.connect();
    try {
      const names = (await admin.query("select application_name from pg_stat_activity where datname = 'appdb'")).rows.map((x) => x.application_name);
      expect(names.length).toBeGreaterThan(0);
      expect(names).not.toContain('migrate-driver verify');
    } finally {
      await admin.end();
    }
    // Both server connections at once (pool size 2): two clients, each inside a transaction.
    const clients = [0, 1].map(() => new pg.Client({ connectionString: url('transaction') }));
    try {
      for (const c of clients) await c.connect();
      const left: string[] = [];
      for (const c of clients) {
        await c.query('begin');
        left.push(...(await c.query("select name from pg_prepared_statements where name like 'migrate_driver_probe_%'")).rows.map((x) => x.name));
      }
      expect(left).toEqual([]);
    } finally {
      for (const c of clients) await c.end().catch(() => undefined);
    }
  });

  it('the unknown-database hint is off by default (no FATAL line); --unknown-db-probe turns it on', async () => {
    const quiet = await verifyLogged(['--url', url('direct')]);
    expect(quiet.stdout).not.toMatch(/unknown database/);
    expect(problems(quiet.log)).toEqual([]);
    const asked = await verifyLogged(['--url', url('direct'), '--unknown-db-probe']);
    expect(asked.code).toBe(0);
    expect(asked.stdout).toMatch(/hint: an unknown database is refused by PostgreSQL itself \(3D000\)/);
    expect(problems(asked.log)).toEqual([expect.stringMatching(/^FATAL: database "migrate_driver_no_such_db_[0-9a-f]+" does not exist$/)]);
    expect(cli(['verify', '--help'], REPO).stdout).toMatch(/--unknown-db-probe/);
  });
});

describe('verify: a URL without a password', () => {
  for (const via of ['direct', 'transaction'] as const) {
    it(`${via === 'direct' ? 'PostgreSQL asks for SCRAM' : 'PgBouncer asks for md5'}: one line saying so, within the 3 s bound`, async () => {
      const t0 = Date.now();
      const r = await verifyLogged(['--url', url(via, null)]);
      const ms = Date.now() - t0 - 300;
      expect(r.code).toBe(2);
      expect(r.stderr).toBe('migrate-driver: undecidable: the server asks for a password; the URL has none\n');
      expect(ms).toBeLessThan(3000);
    });
  }

  it('PGPASSWORD stands in for the missing password, as with libpq', () => {
    const r = cli(['verify', NO_CODE, '--url', url('direct', null)], REPO, { PGPASSWORD: APP_PASSWORD });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain(APP_PASSWORD);
  });
});
