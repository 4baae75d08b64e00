import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CODEMODS } from '../../src/codemod/registry.js';
import { ASYNCPG_COMPAT_MODULE } from '../../src/drivers/data/asyncpg-compat-module.js';
import { loadCases, runCase, validityProblems } from '../support/fixture-harness.js';
import { REPO } from '../support/python.js';

const temp: string[] = [];
afterAll(() => temp.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Every codemod's __testfixtures__, through the same harness. */
for (const [name, entry] of Object.entries(CODEMODS)) {
  const cases = loadCases(path.join(REPO, 'codemods', name, '__testfixtures__'));

  describe(`${name} fixtures`, () => {
    it('has fixtures', () => expect(cases.length).toBeGreaterThan(10));

    for (const c of cases) {
      it(c.name, async () => {
        const run = await runCase(await entry.load(), c);
        temp.push(run.dir);
        for (const f of c.files) {
          const expected = fs.readFileSync(f.output ?? f.input);
          const got = run.after.get(f.virtual)!;
          // Compare as text first for a readable diff, then as bytes (BOM, CRLF, tabs).
          expect(got.toString('utf8'), f.virtual).toBe(expected.toString('utf8'));
          expect(got.equals(expected), `${f.virtual} bytes`).toBe(true);
        }
        // Files the run creates: exactly the expected ones, with the text their codemod holds.
        const created = run.first.changed.filter((x) => x.created);
        expect(created.map((x) => x.rel).sort()).toEqual([...(c.expect.created ?? [])].sort());
        for (const x of created) expect(fs.readFileSync(path.join(run.dir, x.rel), 'utf8')).toBe(name === 'asyncpg-to-psycopg' ? ASYNCPG_COMPAT_MODULE : x.after);
        // Idempotent: the second cycle changes nothing (OpenRewrite's rule).
        expect(run.second.changed.map((x) => x.rel)).toEqual([]);
        // Valid output in every changed file.
        expect(await validityProblems(run.dir, run.first.changed.map((x) => x.rel))).toEqual([]);
        // Expected follow-ups and skips, and nothing unexpected.
        const messages = run.first.followUps.map((f) => f.message);
        for (const want of c.expect.followUps ?? []) expect(messages.some((m) => m.includes(want)), `follow-up "${want}" in ${JSON.stringify(messages)}`).toBe(true);
        if (!c.expect.followUps) expect(messages).toEqual([]);
        const skips = run.first.skipped.map((s) => s.reason);
        if (c.expect.skipped) expect(skips.some((s) => s.includes(c.expect.skipped!)), JSON.stringify(skips)).toBe(true);
        else expect(skips).toEqual([]);
      });
    }
  });
}
