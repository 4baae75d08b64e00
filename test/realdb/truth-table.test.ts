import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { lastJson, REPO, runPython, SEED_ASYNCPG } from '../support/python.js';
import { startServers, type Servers, type Via } from '../support/servers.js';

/**
 * The verifier against reality. Every configuration in fixtures/truth-table is run for real under
 * concurrency (20 clients, every answer checked) through PgBouncer in transaction mode, PgBouncer
 * in session mode and PostgreSQL directly; `migrate-driver verify` must say "unsafe" exactly where
 * the real run produced errors or wrong answers.
 */
const DIR = path.join(REPO, 'fixtures/truth-table');
const ENDPOINTS: { via: Via; label: string }[] = [
  { via: 'bouncer', label: 'PgBouncer 1.18 transaction' },
  { via: 'session', label: 'PgBouncer 1.18 session' },
  { via: 'direct', label: 'PostgreSQL direct' },
  { via: 'modern', label: 'PgBouncer 1.24 transaction (max_prepared_statements 200)' },
  { via: 'modern0', label: 'PgBouncer 1.24 transaction (max_prepared_statements 0)' },
];
/** Endpoints where server connections are shared and named statements are not kept. */
const HOSTILE = new Set<Via>(['bouncer', 'modern0']);

interface Config {
  name: string;
  dir: string;
  runtime: 'python' | 'node' | 'config';
  /** SQLAlchemy apps take a `postgresql+driver://` URL; raw drivers a libpq one. */
  urlDriver: 'asyncpg' | 'psycopg' | null;
  seedAsyncpg: boolean;
  /** psycopg without the [binary] extra: its pure-Python build on the system libpq (15). */
  systemLibpq: boolean;
  urlSuffix: string;
}

function configs(): Config[] {
  return fs
    .readdirSync(DIR)
    .filter((n) => fs.statSync(path.join(DIR, n)).isDirectory())
    .sort()
    .map((name) => {
      const dir = path.join(DIR, name);
      const has = (f: string) => fs.existsSync(path.join(dir, f));
      const py = has('app.py') ? fs.readFileSync(path.join(dir, 'app.py'), 'utf8') : '';
      const reqs = has('requirements.txt') ? fs.readFileSync(path.join(dir, 'requirements.txt'), 'utf8') : '';
      return {
        name,
        dir,
        runtime: has('app.py') ? 'python' : has('app.mjs') ? 'node' : 'config',
        urlDriver: py.includes('create_async_engine') ? (/^asyncpg/m.test(reqs) ? 'asyncpg' : 'psycopg') : null,
        seedAsyncpg: /^asyncpg==0\.29\.0$/m.test(reqs),
        systemLibpq: /^psycopg==/m.test(reqs),
        urlSuffix: name === 'prisma-pgbouncer' ? '?pgbouncer=true' : '',
      } satisfies Config;
    });
}

interface Outcome {
  ok: number;
  errors: number;
  wrong: number;
  error_kinds: Record<string, number>;
}

function runNode(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * What really happens. Prisma's engines cannot be installed here, so its rows take the documented
 * behaviour (DRIVER-FACTS.md §2: named s0, s1... unless pgbouncer=true) and are labelled so.
 */
async function reality(s: Servers, c: Config, via: Via): Promise<{ breaks: boolean; detail: string }> {
  if (c.runtime === 'config') {
    const breaks = HOSTILE.has(via) && !c.urlSuffix.includes('pgbouncer=true');
    return { breaks, detail: 'documented' };
  }
  await s.resetPool();
  const url = s.url(c.urlDriver, via);
  const out =
    c.runtime === 'python'
      ? lastJson<Outcome>(await runPython([path.join(REPO, 'test/python/truth_workload.py'), c.dir, url], { ...(c.seedAsyncpg ? { PYTHONPATH: SEED_ASYNCPG } : {}), ...(c.systemLibpq ? { PSYCOPG_IMPL: 'python' } : {}) }))
      : lastJson<Outcome>(await runNode([path.join(REPO, 'test/node/truth-workload.mjs'), c.dir, url]));
  expect(out.ok + out.errors + out.wrong, `${c.name} ran`).toBeGreaterThan(0);
  return { breaks: out.errors + out.wrong > 0, detail: `ok ${out.ok}, errors ${out.errors}, wrong ${out.wrong}` };
}

let servers: Servers;
beforeAll(async () => {
  servers = await startServers({ modern: true });
});
afterAll(() => servers?.stop());

describe('verify agrees with reality (truth table)', () => {
  const all = configs();

  it('has at least 12 configurations', () => expect(all.length).toBeGreaterThanOrEqual(12));

  it('every cell agrees', async () => {
    const rows: string[] = [];
    const disagreements: string[] = [];
    const wall: Record<string, number[]> = {};
    for (const c of all) {
      const cells: string[] = [];
      for (const e of ENDPOINTS) {
        const t1 = Date.now();
        const real = await reality(servers, c, e.via);
        console.log(`cell ${c.name} @ ${e.label}: ${real.breaks ? 'breaks' : 'clean'} (${real.detail}) in ${Date.now() - t1} ms`);
        const url = servers.url(c.urlDriver, e.via) + c.urlSuffix;
        const t0 = Date.now();
        const v = cli(['verify', c.dir, '--url', url, '--json'], REPO);
        (wall[e.label] ??= []).push(Date.now() - t0);
        expect(v.code, `${c.name} @ ${e.label}: ${v.stderr}`).not.toBe(2);
        const unsafe = v.code === 1;
        const verdict = JSON.parse(v.stdout).verdict.summary as string;
        if (unsafe !== real.breaks) disagreements.push(`${c.name} @ ${e.label}: reality ${real.breaks ? 'breaks' : 'clean'} (${real.detail}), verify says ${verdict}`);
        cells.push(`${real.breaks ? 'breaks' : 'clean'} / ${unsafe ? 'unsafe' : 'safe'}${unsafe === real.breaks ? '' : ' **DISAGREE**'}${real.detail === 'documented' ? ' (documented)' : ''}`);
      }
      rows.push(`| ${c.name} | ${cells.join(' | ')} |`);
    }
    const table = [`| config | ${ENDPOINTS.map((e) => e.label).join(' | ')} |`, `|---|${ENDPOINTS.map(() => '---').join('|')}|`, ...rows].join('\n');
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    console.log(`\nTruth table: reality / verify verdict\n${table}\n\nverify wall time (median, whole CLI run): ${Object.entries(wall).map(([k, v]) => `${k} ${median(v)} ms`).join(', ')}\n`);
    expect(disagreements).toEqual([]);
  }, 600_000);
});
