import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { lastJson, REPO, runPython, SEED_ASYNCPG } from '../support/python.js';
import { startServers, type Servers, type Via } from '../support/servers.js';

/**
 * The verifier against reality. Every configuration in fixtures/truth-table is run for real under
 * concurrency (20 clients, every answer checked) through PgBouncer in transaction mode, PgBouncer
 * in session mode and PostgreSQL directly; `migrate-driver verify` must say "unsafe" exactly where
 * the real run produced errors or wrong answers.
 *
 * TRUTH_ONLY=name1,name2 runs only those configurations (while developing one).
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

/** TRUTH_ONLY=name1,name2: only these configurations. */
const ONLY = process.env.TRUTH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];

function configs(): Config[] {
  return fs
    .readdirSync(DIR)
    .filter((n) => fs.statSync(path.join(DIR, n)).isDirectory())
    .filter((n) => !ONLY.length || ONLY.includes(n))
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
 * A Prisma 7 app (app.mjs next to a schema.prisma): its client is code that `prisma generate` writes
 * into the fixture's git-ignored generated/ folder, in TypeScript, transpiled here to JS beside it so
 * that app.mjs imports it on Node 20. Offline: the CLI fetches its schema-engine binary (used by
 * Migrate, never by generate) before every `generate` unless PRISMA_SCHEMA_ENGINE_BINARY names an
 * existing file; /dev/null does, and makes any real use of the engine fail loudly.
 */
function generatePrismaClient(c: Config): void {
  const out = path.join(c.dir, 'generated');
  fs.rmSync(out, { recursive: true, force: true });
  const prisma = path.join(REPO, 'node_modules/.bin/prisma');
  const env = { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? '/dev/null', CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' };
  const r = spawnSync(prisma, ['generate', '--schema', path.join(c.dir, 'schema.prisma')], { cwd: c.dir, env, encoding: 'utf8', timeout: 120_000 });
  if (r.status !== 0 || !fs.existsSync(path.join(out, 'client.ts'))) {
    throw new Error(`${c.name}: \`prisma generate\` failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}; is the devDependency \`prisma\` installed? run npm ci):\n${r.stderr}${r.stdout}`);
  }
  const walk = (d: string): string[] => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.ts') ? [path.join(d, e.name)] : []));
  for (const f of walk(out)) {
    const js = ts.transpileModule(fs.readFileSync(f, 'utf8'), { fileName: f, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
    fs.writeFileSync(f.replace(/\.ts$/, '.js'), js.outputText);
  }
}

/**
 * What really happens. Prisma 5/6 need their Rust query engine, which cannot be downloaded here, so
 * those rows take the documented behaviour (DRIVER-FACTS.md §2: named s0, s1... unless
 * pgbouncer=true) and are labelled so. Prisma 7 needs no engine and runs for real like any Node app.
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

const ALL = configs();

let servers: Servers;
beforeAll(async () => {
  for (const c of ALL) if (c.runtime === 'node' && fs.existsSync(path.join(c.dir, 'schema.prisma'))) generatePrismaClient(c);
  servers = await startServers({ modern: true });
});
afterAll(() => servers?.stop());

describe('verify agrees with reality (truth table)', () => {
  const all = ALL;

  it('has at least 12 configurations', () => {
    if (ONLY.length) expect(all.map((c) => c.name)).toEqual([...ONLY].sort());
    else expect(all.length).toBeGreaterThanOrEqual(12);
  });

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
