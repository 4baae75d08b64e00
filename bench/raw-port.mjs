// The raw asyncpg port at service scale: the fixture service copied side by side until it holds at
// least 250 raw asyncpg call sites (counted by bench/raw-corpus-count.py, not by the tool), then the
// dry run of asyncpg-to-psycopg timed (median of 5). The port must not be held back there.
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
    const c = spawnSync('python3', [path.join(ROOT, 'bench/raw-corpus-count.py'), tree], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (c.status !== 0) throw new Error(c.stderr);
    sites = JSON.parse(c.stdout).sites.length;
  }
  const out = JSON.parse(run(['asyncpg-to-psycopg', tree, '--json']).stdout);
  if (out.followUps.some((f) => f.message.startsWith('raw asyncpg code was not ported'))) throw new Error('the raw port was held back on the bench tree');
  const files = out.files.length;
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    const r = run(['asyncpg-to-psycopg', tree]);
    if (r.status !== 0) throw new Error(r.stderr);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  console.log(`raw asyncpg port: ${copies} service copies, ${sites} raw asyncpg call sites in ${files} changed files, dry run median ${times[2].toFixed(0)} ms (min ${times[0].toFixed(0)}, max ${times[4].toFixed(0)})`);
} finally {
  fs.rmSync(tree, { recursive: true, force: true });
}
