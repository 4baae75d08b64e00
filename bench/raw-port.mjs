// The raw asyncpg port at service scale: the fixture service copied side by side until it holds at
// least 250 asyncpg call sites, then one dry run of asyncpg-to-psycopg timed (median of 5).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const SRC = path.join(ROOT, 'fixtures/raw-asyncpg-service');
const tree = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-raw-bench-'));
const run = (args) => spawnSync(process.execPath, [path.join(ROOT, 'bin/migrate-driver.js'), ...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
try {
  let copies = 0;
  let sites = 0;
  while (sites < 250) {
    fs.cpSync(SRC, path.join(tree, `svc${copies++}`), { recursive: true });
    const r = run(['asyncpg-to-psycopg', tree, '--json']);
    const out = JSON.parse(r.stdout);
    sites = out.files.reduce((n, f) => n + f.edits.filter((e) => /-> psycopg|->.*(cursor|connection|pool|compat|statusmessage|get_stats|putconn|getconn|SET TRANSACTION)/.test(e.description)).length, 0);
  }
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = run(['asyncpg-to-psycopg', tree]);
    if (r.status !== 0) throw new Error(r.stderr);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`raw asyncpg port: ${copies} service copies, ${sites} rewritten call sites, dry run median ${times[2].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[4].toFixed(0)})`);
} finally {
  fs.rmSync(tree, { recursive: true, force: true });
}
