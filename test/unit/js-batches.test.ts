import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planJs } from '../../codemods/pooler-safe/js-plan.js';
import { jsSites } from '../../src/verify/static/js-sites.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-batches-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Findings that cross files: options in another module, a switch whose default lives elsewhere,
// a wrapper over a client made in an imported module, Drizzle's .prepare() decided by another file's import.
const FILES: Record<string, string> = {
  'opts.ts': 'export const options = { max: 5 };\n',
  'db.ts': 'import postgres from "postgres";\nimport { options } from "./opts";\nexport const sql = postgres(process.env.URL, options);\n',
  'client.ts': 'import postgres from "postgres";\nexport const client = postgres(process.env.URL);\n',
  'orm.ts': 'import { drizzle } from "drizzle-orm/postgres-js";\nimport { client } from "./client";\nexport const db = drizzle(client);\n',
  'config.ts': 'export const config = { usePrepared: true };\n',
  'settings.ts': 'export function settings(usePrepared = false) {\n  return { usePrepared };\n}\n',
  'queries.js': 'async function q(pool, opts) {\n  return pool.query({ name: opts.usePrepared ? "q1" : undefined, text: "select 1" });\n}\nmodule.exports = { q };\n',
  'named.js': 'const { Pool } = require("pg");\nconst pool = new Pool();\nasync function f() {\n  return pool.query({ name: "f", text: "select $1::int", values: [1] });\n}\nmodule.exports = { f };\n',
  'prepared.ts': 'export async function g(db: any) {\n  return db.select().prepare("g");\n}\n',
  'pg-orm.ts': 'import { drizzle } from "drizzle-orm/node-postgres";\nimport { Pool } from "pg";\nexport const db = drizzle(new Pool());\n',
  'prisma.ts': 'import { PrismaClient } from "@prisma/client";\nexport const prisma = new PrismaClient({ datasourceUrl: process.env.DATABASE_URL + "?pgbouncer=true" });\n',
};

describe('JS scan in batches', () => {
  it('finds the same with one file per batch as with all files in one', async () => {
    for (const [rel, text] of Object.entries(FILES)) fs.writeFileSync(path.join(dir, rel), text);
    // The imported modules are not listed: they are reached through imports.
    const listed = Object.keys(FILES).filter((f) => f !== 'opts.ts' && f !== 'client.ts' && f !== 'config.ts').map((f) => path.join(dir, f));
    const whole = await planJs(listed, dir, 1000);
    const single = await planJs(listed, dir, 1);
    expect([...single.plan]).toEqual([...whole.plan]);
    expect(single.prismaCodeUrls).toEqual(whole.prismaCodeUrls);
    expect([...whole.plan.keys()].sort()).toEqual(['db.ts', 'opts.ts', 'orm.ts', 'prepared.ts', 'prisma.ts', 'queries.js', 'named.js', 'client.ts'].filter((f) => whole.plan.has(f)).sort());
    expect(whole.plan.get('opts.ts')?.[0]?.kind).toBe('prepare-false');
    expect(whole.plan.get('prepared.ts')?.[0]?.kind).toBe('flag');

    const files = listed.map((abs) => ({ abs, rel: path.relative(dir, abs) }));
    const sitesWhole = await jsSites(files, dir, 1000);
    const sitesSingle = await jsSites(files, dir, 1);
    expect(sitesSingle).toEqual(sitesWhole);
    expect(sitesWhole.sites.map((s) => `${s.path}:${s.line} ${s.driver}`)).toContain('orm.ts:3 drizzle(postgres-js)');
    expect(sitesWhole.sites.map((s) => s.driver)).toContain('drizzle+pg');
  });
});
