import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, SEED_FIXTURE } from '../support/cli.js';

// Start-up is part of every run: the driver (pg, with what it pulls in) is loaded only where a
// command talks to a database.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-loading-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const preload = path.join(dir, 'report-loaded.mjs');
fs.writeFileSync(
  preload,
  `import { createRequire } from 'node:module';
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => {
  const count = (name) => Object.keys(cache).filter((k) => k.split(/[\\\\/]/).join('/').includes('/node_modules/' + name + '/')).length;
  process.stderr.write('\\nloaded pg modules: ' + count('pg') + '\\nloaded yaml modules: ' + count('yaml') + '\\n');
});
`,
);

function modulesLoaded(name: 'pg' | 'yaml', args: string[], cwd = SEED_FIXTURE): number {
  const r = spawnSync(process.execPath, ['--import', preload, BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  const m = new RegExp(`loaded ${name} modules: (\\d+)`).exec(r.stderr);
  if (!m) throw new Error(`no report from the run: ${r.stderr.slice(0, 300)}`);
  return Number(m[1]);
}
const pgModulesLoaded = (args: string[]) => modulesLoaded('pg', args);

describe('what a command loads', () => {
  it('audit and dry runs without --url never load pg', () => {
    expect(pgModulesLoaded(['audit', '--json', '.'])).toBe(0);
    expect(pgModulesLoaded(['pooler-safe', '.'])).toBe(0);
    expect(pgModulesLoaded(['asyncpg-to-psycopg', '.'])).toBe(0);
  });

  it('yaml (25 to 35 ms to load) only where a YAML file changes', () => {
    const app = path.join(dir, 'yaml-app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'db.py'), "from sqlalchemy.ext.asyncio import create_async_engine\nengine = create_async_engine('postgresql+asyncpg://app@db/app')\n");
    expect(modulesLoaded('yaml', ['asyncpg-to-psycopg', '.'], app)).toBe(0);
    fs.writeFileSync(path.join(app, 'compose.yaml'), 'services:\n  api:\n    environment:\n      DATABASE_URL: postgresql+asyncpg://app@db/app\n');
    expect(modulesLoaded('yaml', ['asyncpg-to-psycopg', '.'], app)).toBeGreaterThan(0);
  });

  it('verify loads it (the report sees a loaded driver)', () => {
    expect(pgModulesLoaded(['verify', '--json', '--url', 'postgresql://u@127.0.0.1:1/db', '.'])).toBeGreaterThan(0);
  });
});

describe("TypeScript's code cache", () => {
  it('a second JS/TS run compiles TypeScript from the cache the first wrote, with the same output as without one', () => {
    const cacheDir = path.join(dir, 'code-cache');
    const app = path.join(dir, 'js-app');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'db.ts'), "import postgres from 'postgres';\nexport const sql = postgres(process.env.DATABASE_URL!);\n");
    const run = (env: Record<string, string>) => spawnSync(process.execPath, [BIN, 'audit', '--json', '.'], { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env }, timeout: 60_000 });
    const first = run({ MIGRATE_DRIVER_CACHE_DIR: cacheDir });
    const files = fs.readdirSync(cacheDir).sort();
    expect(files.map((f) => f.replace(/-[0-9a-f]+-\d+-v.*$/, ''))).toEqual(['ts-morph-common.js', 'ts-morph.js', 'typescript.js']);
    // A write renames a new file into place (a new inode); a use only marks the time.
    const written = files.map((f) => fs.statSync(path.join(cacheDir, f)).ino);
    const second = run({ MIGRATE_DRIVER_CACHE_DIR: cacheDir });
    // Used, not rejected: a rejected cache is written again, and one under another key adds a file.
    expect(fs.readdirSync(cacheDir).sort()).toEqual(files);
    expect(files.map((f) => fs.statSync(path.join(cacheDir, f)).ino)).toEqual(written);
    const without = run({ NODE_DISABLE_COMPILE_CACHE: '1' });
    const audit = (r: typeof first) => JSON.parse(r.stdout) as { sites: unknown[] };
    expect(audit(first).sites.length).toBeGreaterThan(0);
    for (const r of [first, second, without]) expect(r.status).toBe(audit(first).sites.length ? 1 : 0);
    expect(audit(second).sites).toEqual(audit(without).sites);
  });
});
