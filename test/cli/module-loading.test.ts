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
  const pg = Object.keys(cache).filter((k) => /[\\\\/]node_modules[\\\\/]pg[\\\\/]/.test(k)).length;
  process.stderr.write('\\nloaded pg modules: ' + pg + '\\n');
});
`,
);

function pgModulesLoaded(args: string[]): number {
  const r = spawnSync(process.execPath, ['--import', preload, BIN, ...args], { cwd: SEED_FIXTURE, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });
  const m = /loaded pg modules: (\d+)/.exec(r.stderr);
  if (!m) throw new Error(`no report from the run: ${r.stderr.slice(0, 300)}`);
  return Number(m[1]);
}

describe('what a command loads', () => {
  it('audit and dry runs without --url never load pg', () => {
    expect(pgModulesLoaded(['audit', '--json', '.'])).toBe(0);
    expect(pgModulesLoaded(['pooler-safe', '.'])).toBe(0);
    expect(pgModulesLoaded(['asyncpg-to-psycopg', '.'])).toBe(0);
  });

  it('verify loads it (the report sees a loaded driver)', () => {
    expect(pgModulesLoaded(['verify', '--json', '--url', 'postgresql://u@127.0.0.1:1/db', '.'])).toBeGreaterThan(0);
  });
});
