// npm run bench: start-up time, and a dry run over a generated 5,000-file tree that contains the
// seed fixture, with the no-prefilter baseline measured side by side in the same run.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '..');
const TREE = fs.mkdtempSync(path.join((await import('node:os')).tmpdir(), 'migrate-driver-bench-'));
const FILES = 5000;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (n) => `${n.toFixed(0)} ms`;

function time(cmd, args) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return { ms: performance.now() - t0, stderr: r.stderr };
}

// 1. Start-up: `migrate-driver --help` against bare `node -e 0`, interleaved so both see the same machine state.
const helpRuns = [];
const nodeRuns = [];
for (let i = 0; i < 15; i++) {
  nodeRuns.push(time(process.execPath, ['-e', '0']).ms);
  helpRuns.push(time(process.execPath, ['bin/migrate-driver.js', '--help']).ms);
}

// 2. A synthetic monorepo: mostly code without trigger text, about 1% with asyncpg config, plus the fixture.
fs.cpSync(path.join(ROOT, 'fixtures/fastapi-asyncpg'), path.join(TREE, 'services/backend'), { recursive: true });
const bodyPy = (i) => `"""Module ${i}."""\nimport os\n\n\ndef handler_${i}(event, context):\n    total = 0\n    for n in range(${i % 97}):\n        total += n * ${i}\n    return {"status": 200, "total": total, "env": os.environ.get("STAGE", "dev")}\n\n\nclass Service${i}:\n    def __init__(self, client):\n        self.client = client\n\n    def get(self, key: str) -> str:\n        return self.client.get(f"{key}-${i}")\n`.repeat(3);
const triggerPy = (i) => `from sqlalchemy.ext.asyncio import create_async_engine\n\nengine_${i} = create_async_engine(\n    "postgresql+asyncpg://svc:pw@db-${i}:5432/app?ssl=require",\n    connect_args={"statement_cache_size": 0, "command_timeout": 30},\n)\n`;
const kinds = [
  ['py', 45, bodyPy],
  ['ts', 20, (i) => `export function f${i}(x: number): number {\n  return x * ${i};\n}\n`.repeat(20)],
  ['md', 10, (i) => `# Page ${i}\n\nSome prose about service ${i}.\n`.repeat(10)],
  ['json', 10, (i) => JSON.stringify({ name: `pkg-${i}`, version: '1.0.0', items: Array.from({ length: 30 }, (_, k) => k) }, null, 2)],
  ['yml', 5, (i) => `name: job-${i}\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n`],
  ['txt', 10, (i) => `line ${i}\n`.repeat(40)],
];
let made = fs.readdirSync(path.join(TREE, 'services/backend'), { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).length;
let i = 0;
while (made < FILES) {
  for (const [ext, weight, body] of kinds) {
    for (let k = 0; k < weight && made < FILES; k++, i++, made++) {
      const dir = path.join(TREE, `packages/pkg${i % 50}/src/mod${i % 7}`);
      fs.mkdirSync(dir, { recursive: true });
      const trigger = ext === 'py' && i % 100 === 0;
      fs.writeFileSync(path.join(dir, `file${i}.${ext}`), trigger ? triggerPy(i) : body(i));
    }
  }
}

// 3. Dry runs (ours) and the parse-everything baseline, interleaved, 3 each.
const ours = [];
const base = [];
for (let r = 0; r < 3; r++) {
  ours.push(JSON.parse(time(process.execPath, ['bench/measure-run.mjs', 'asyncpg-to-psycopg', TREE, '--json']).stderr.trim().split('\n').pop()));
  base.push(JSON.parse(time(process.execPath, ['bench/measure-parse-all.mjs', TREE]).stderr.trim().split('\n').pop()));
}
const oursMs = median(ours.map((o) => o.wallMs));
const baseMs = median(base.map((o) => o.wallMs));
const rss = Math.max(...ours.map((o) => o.maxRssMb));
const scanned = ours[0].filesScanned;
if (scanned !== FILES) throw new Error(`the dry run scanned ${scanned} files, expected ${FILES}`);

const help = median(helpRuns);
const bare = median(nodeRuns);
console.log('migrate-driver bench (medians; the machine: %d cores)', (await import('node:os')).cpus().length);
console.log(`  start-up  migrate-driver --help ${ms(help)}  vs  node -e 0 ${ms(bare)}  -> ratio ${(help / bare).toFixed(2)}x (target: under 250 ms)`);
console.log(`  dry run   ${scanned} files (${ours[0].filesRead} mention the driver, ${ours[0].filesParsed} parsed, ${ours[0].filesChanged} changed): ${ms(oursMs)} = ${Math.round(FILES / (oursMs / 1000))} files/s, peak RSS ${rss.toFixed(0)} MB (target: under 300 MB)`);
console.log(`  baseline  parse every .py without a prefilter (${base[0].parsed} files): ${ms(baseMs)}, peak RSS ${Math.max(...base.map((b) => b.maxRssMb)).toFixed(0)} MB`);
console.log(`  ratio     baseline / migrate-driver dry run = ${(baseMs / oursMs).toFixed(2)}x`);
fs.rmSync(TREE, { recursive: true, force: true });
