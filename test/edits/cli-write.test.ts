import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { commitWrites } from '../../src/edits/atomic-write.js';
import { dyingFs, leftovers, orphanJournal, survive } from './support.js';

// The write through the real CLI (built: `npm run build` first), outside git so no --allow-dirty.

const BIN = path.resolve(import.meta.dirname, '../../bin/migrate-driver.js');
const BEFORE = 'asyncpg==0.29.0\nfastapi\n';

let dir: string;
let req: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-cli-write-'));
  fs.mkdirSync(path.join(dir, 'app'));
  req = path.join(dir, 'app', 'requirements.txt');
  fs.writeFileSync(req, BEFORE);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 60_000 });

it('refuses to write a file with hard links: exit 2, the file named, nothing changed', () => {
  fs.linkSync(req, path.join(dir, 'pinned.txt'));
  const r = cli('asyncpg-to-psycopg', 'app', '--write');
  expect(r.status).toBe(2);
  expect(r.stderr).toContain('migrate-driver: write failed, nothing was changed: app/requirements.txt has 2 hard links; writing would split them');
  expect(fs.readFileSync(req, 'utf8')).toBe(BEFORE);
  expect(fs.statSync(req).nlink).toBe(2);
});

it.runIf(process.geteuid?.() === 0)('keeps the owner, group and mode of a written file', () => {
  fs.chownSync(req, 12345, 12345);
  fs.chmodSync(req, 0o640);
  const r = cli('asyncpg-to-psycopg', 'app', '--write');
  expect(r.status, r.stderr).toBe(0);
  const st = fs.statSync(req);
  expect(fs.readFileSync(req, 'utf8')).not.toBe(BEFORE);
  expect([st.uid, st.gid, st.mode & 0o777]).toEqual([12345, 12345, 0o640]);
});

it('the next --write first rolls back an interrupted one, says so, then writes', async () => {
  // An earlier write from `dir`, killed while staging, left a temp file and its journal.
  const half = Buffer.from('half-written\n');
  await survive(() => commitWrites([{ absPath: req, expected: Buffer.from(BEFORE), content: half }], { root: dir, fs: dyingFs((op) => op === 'fsync').fs }));
  expect(leftovers(dir).length).toBe(2);
  orphanJournal(path.join(dir, '.migrate-driver-journal'));
  const r = cli('asyncpg-to-psycopg', 'app', '--write');
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toContain(`migrate-driver: an interrupted --write (1 file) in ${dir} was rolled back; every file is as it was before\n`);
  expect(fs.readFileSync(req, 'utf8')).toMatch(/^psycopg\[binary\]/);
  expect(leftovers(dir)).toEqual([]);
});
