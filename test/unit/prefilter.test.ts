import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { asyncpgToPsycopg } from '../../codemods/asyncpg-to-psycopg/index.js';
import { runCodemod } from '../../src/codemod/run.js';
import { parseStats } from '../../src/languages/python/parser.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-prefilter-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('prefilter', () => {
  it('never parses a file without trigger text', async () => {
    for (let i = 0; i < 200; i++) fs.writeFileSync(path.join(dir, `m${i}.py`), `def f${i}(x):\n    return create_engine("sqlite://")\n`);
    fs.writeFileSync(path.join(dir, 'db.py'), 'e = create_async_engine(URL, connect_args={"statement_cache_size": 0})\n');
    const before = parseStats.parses;
    const r = await runCodemod(asyncpgToPsycopg, { root: dir, paths: [dir] });
    expect(r.counts.discovered).toBe(201);
    expect(r.counts.candidates).toBe(1);
    expect(r.counts.parsed).toBe(1);
    // db.py only: once for the project's asyncpg model and its rules (the scan hands its tree on), once to validate its output.
    expect(parseStats.parses - before).toBe(2);
    expect(r.changed.map((c) => c.rel)).toEqual(['db.py']);
  });

  it('reads a module that only calls methods of a pool it gets from elsewhere, and ports it', async () => {
    const d = fs.mkdtempSync(path.join(dir, 'state-'));
    fs.writeFileSync(path.join(d, 'app.py'), 'import asyncpg\n\n\nasync def startup(app, dsn):\n    app.state.pool = await asyncpg.create_pool(dsn)\n');
    // No trigger text at all: no asyncpg, no $1, no fetchrow/fetchval.
    fs.writeFileSync(path.join(d, 'routes.py'), 'async def health(request):\n    async with request.app.state.pool.acquire() as conn:\n        return await conn.execute("SELECT 1")\n');
    const r = await runCodemod(asyncpgToPsycopg, { root: d, paths: [d] });
    const routes = r.changed.find((c) => c.rel === 'routes.py');
    expect(routes?.after).toContain('async with request.app.state.pool.connection() as conn:');
    expect(routes?.after).toContain('return (await conn.execute("SELECT 1")).statusmessage');
    expect(r.followUps).toEqual([]);
  });

  it('never parses such a module when no module imports asyncpg', async () => {
    const d = fs.mkdtempSync(path.join(dir, 'dbapi-'));
    for (let i = 0; i < 50; i++) fs.writeFileSync(path.join(d, `q${i}.py`), `def q${i}(cur):\n    cur.execute("select 1")\n    return cur.fetchall()\n`);
    const before = parseStats.parses;
    const r = await runCodemod(asyncpgToPsycopg, { root: d, paths: [d] });
    expect(r.counts.candidates).toBe(50);
    expect(r.counts.parsed).toBe(0);
    expect(parseStats.parses - before).toBe(0);
    expect(r.changed).toEqual([]);
  });
});
