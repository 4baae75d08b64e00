import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASYNCPG_COMPAT_MODULE } from '../../src/drivers/data/asyncpg-compat-module.js';
import { REPO, runPython, VENV_PYTHON } from '../support/python.js';
import { startServers, type Servers } from '../support/servers.js';

/**
 * Why the raw port leaves a call whose `$n::jsonb` parameter may get something other than a dict
 * (rules/raw-port/json-params.ts): asyncpg's codec encodes any value, asyncpg_compat's only dicts.
 * If the compat module learns to encode the rest, this fails and the check can go.
 */
const PSYCOPG_ONLY_PYTHON = path.join(REPO, '.venv-test/psycopg-only/bin/python');
const SCRIPT = path.join(REPO, 'test/python/json_codec_params.py');

let servers: Servers;
let compatDir: string;
beforeAll(async () => {
  servers = await startServers();
  compatDir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-compat-'));
  fs.writeFileSync(path.join(compatDir, 'asyncpg_compat.py'), ASYNCPG_COMPAT_MODULE);
});
afterAll(() => {
  servers?.stop();
  if (compatDir) fs.rmSync(compatDir, { recursive: true, force: true });
});

async function outcomes(python: string, driver: string): Promise<Record<string, string>> {
  const r = await runPython([SCRIPT, driver, servers.url(null, 'direct'), compatDir], {}, 60_000, { python });
  if (r.code !== 0) throw new Error(`json_codec_params.py ${driver} exited ${r.code}: ${r.stderr.slice(-1500)}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Record<string, string>;
}

describe('a jsonb codec given values of each type for $1::jsonb (real PostgreSQL)', () => {
  it('asyncpg encodes a dict, a list and a str; asyncpg_compat on psycopg only the dict', async () => {
    const a = await outcomes(VENV_PYTHON, 'asyncpg');
    const p = await outcomes(PSYCOPG_ONLY_PYTHON, 'compat');
    expect(a).toEqual({ dict: 'ok:{"a": 1}', list: 'ok:[{"a": 1}, {"a": 2}]', str: 'ok:"x"' });
    expect(p.dict).toBe(a.dict);
    expect(p.list).toMatch(/^error:/);
    expect(p.str).toMatch(/^error:/);
  }, 120_000);
});
