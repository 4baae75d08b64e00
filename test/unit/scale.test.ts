import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/python.js';

// The built modules: reading threads load the worker and the filters from dist/ (.js files).
const dist = (p: string) => import(path.join(REPO, 'dist', p));
const { asyncpgToPsycopg } = (await dist('codemods/asyncpg-to-psycopg/index.js')) as typeof import('../../codemods/asyncpg-to-psycopg/index.js');
const { poolerSafe } = (await dist('codemods/pooler-safe/index.js')) as typeof import('../../codemods/pooler-safe/index.js');
const { runCodemod } = (await dist('src/codemod/run.js')) as typeof import('../../src/codemod/run.js');
const { runAudit } = (await dist('src/verify/static/audit.js')) as typeof import('../../src/verify/static/audit.js');
const { readStats } = (await dist('src/workspace/read-files.js')) as typeof import('../../src/workspace/read-files.js');

// The bench's generated 10,000-file monorepo (deterministic): what a run finds there, that every
// file is read once, that reading threads change nothing, and a ceiling on peak memory. No timing.
const FILES = 10_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-scale-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
beforeAll(async () => {
  const { generateMonorepo } = (await import(path.join(REPO, 'bench/gen-monorepo.mjs'))) as { generateMonorepo: (d: string, n: number) => unknown };
  generateMonorepo(dir, FILES);
}, 120_000);

/** Peak RSS of one whole CLI run in its own process, worker threads included. */
function peakRssMb(args: string[]): number {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bench/measure-run.mjs'), ...args], { encoding: 'utf8', timeout: 120_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stderr.trim().split('\n').pop()!).maxRssMb as number;
}

describe('a 10,000-file mixed monorepo', () => {
  it('asyncpg-to-psycopg reads each file once and finds what the generator put there', async () => {
    const before = readStats.reads;
    const r = await runCodemod(asyncpgToPsycopg, { root: dir, paths: [dir], readThreads: 1 });
    expect(readStats.reads - before).toBe(FILES);
    expect(r.counts.discovered).toBe(FILES);
    // node_modules, the ignored build/ and tmp/ folders and .env.local files never count as files.
    expect(r.counts.ignored).toBe(105);
    expect(r.changed.length).toBe(46);
    // 12 raw asyncpg calls on untyped `pool` parameters hold the raw port back: one line each, one line
    // per file for its create_pool that waits for them, and one that says so.
    expect(r.followUps.length).toBe(63);
    expect(r.followUps.filter((f) => f.message.startsWith('raw asyncpg code was not ported')).length).toBe(1);
    expect(r.skipped).toEqual([]);
    expect(r.changed.every((c) => !c.rel.includes('node_modules') && !/\/(build|tmp)\//.test(c.rel))).toBe(true);
  }, 60_000);

  it('gives the same result with reading threads as without, for the codemods and the audit', async () => {
    const strip = (r: Awaited<ReturnType<typeof runCodemod>>) => ({ ...r, changed: r.changed.map((c) => ({ ...c, source: { ...c.source, raw: c.source.raw.toString('base64') } })) });
    const viaWorkers = readStats.viaWorkers;
    const one = strip(await runCodemod(poolerSafe, { root: dir, paths: [dir], readThreads: 1 }));
    const two = strip(await runCodemod(poolerSafe, { root: dir, paths: [dir], readThreads: 2 }));
    expect(readStats.viaWorkers).toBeGreaterThan(viaWorkers);
    expect(two).toEqual(one);
    expect(one.changed.length).toBe(87);
    // Reads share one buffer per thread: every kept file must still hold its own bytes.
    expect(one.changed.filter((c) => c.source.raw !== fs.readFileSync(path.join(dir, c.rel)).toString('base64')).map((c) => c.rel)).toEqual([]);
    const a1 = await runAudit({ root: dir, paths: [dir], readThreads: 1 });
    const a2 = await runAudit({ root: dir, paths: [dir], readThreads: 2 });
    expect(a2).toEqual(a1);
    expect(a1.sites.length).toBe(100);
  }, 120_000);

  it('stays under a memory ceiling for every command', () => {
    // Before worker-thread reading and the single JS parse, pooler-safe peaked at 335 MB here; before
    // the heap was paced, 219 MB (now about 195).
    expect(peakRssMb(['asyncpg-to-psycopg', dir, '--json'])).toBeLessThan(200);
    expect(peakRssMb(['pooler-safe', dir, '--json'])).toBeLessThan(250);
    expect(peakRssMb(['audit', dir, '--json'])).toBeLessThan(250);
  }, 180_000);
});
