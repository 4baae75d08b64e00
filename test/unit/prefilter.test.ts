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
    // db.py only: once for the project's asyncpg model, once for its rules, once to validate its output.
    expect(parseStats.parses - before).toBe(3);
    expect(r.changed.map((c) => c.rel)).toEqual(['db.py']);
  });
});
