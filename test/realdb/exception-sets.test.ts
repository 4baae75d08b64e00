import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASYNCPG_ERRORS } from '../../src/drivers/asyncpg-errors.js';
import { REPO, VENV_PYTHON } from '../support/python.js';
import { startServers, type Servers } from '../support/servers.js';

let servers: Servers;
beforeAll(async () => {
  servers = await startServers();
});
afterAll(() => servers?.stop());

interface SetsResult {
  codes: number;
  unraised: string[];
  classes: number;
  mismatches: { asyncpg: string; sqlstate: string; asyncpg_caught: boolean; psycopg_caught: boolean }[];
}

function caughtSets(table: Record<string, string | string[]>): SetsResult {
  const out = execFileSync(VENV_PYTHON, [path.join(REPO, 'test/python/exception_sets.py'), servers.url(null, 'direct')], { input: JSON.stringify(table), encoding: 'utf8', timeout: 120_000 });
  return JSON.parse(out.trim().split('\n').pop()!) as SetsResult;
}

describe('asyncpg exception classes and their psycopg replacements catch the same server errors', () => {
  it('for every mapped class, over every known SQLSTATE raised on a real server', () => {
    const table = Object.fromEntries(Object.entries(ASYNCPG_ERRORS).filter(([, e]) => e.psycopg !== null).map(([n, e]) => [n, e.psycopg!]));
    const r = caughtSets(table);
    console.log(`exception sets: ${r.classes} asyncpg classes x ${r.codes} SQLSTATEs, ${r.mismatches.length} mismatches`);
    expect(r.unraised).toEqual([]);
    expect(r.codes).toBeGreaterThan(200);
    expect(r.classes).toBeGreaterThan(200);
    expect(r.mismatches).toEqual([]);
  }, 180_000);

  it('would catch a parent mapped to a same-SQLSTATE leaf (the check can fail)', () => {
    const r = caughtSets({ IntegrityConstraintViolationError: 'IntegrityConstraintViolation', TransactionRollbackError: 'TransactionRollback' });
    const codes = new Set(r.mismatches.map((m) => `${m.asyncpg} ${m.sqlstate}`));
    for (const c of ['23505', '23502', '23514']) expect(codes).toContain(`IntegrityConstraintViolationError ${c}`);
    expect(codes).toContain('TransactionRollbackError 40001');
  }, 180_000);
});

describe('the exception table', () => {
  it('is what the pinned drivers say (scripts/gen-asyncpg-errors.py)', () => {
    const generated = execFileSync(VENV_PYTHON, [path.join(REPO, 'scripts/gen-asyncpg-errors.py')], { encoding: 'utf8' });
    expect(fs.readFileSync(path.join(REPO, 'src/drivers/data/asyncpg-errors.ts'), 'utf8')).toBe(generated);
  });
});
