// npm run bench, part 2: the mixed monorepo (bench/gen-monorepo.mjs) at 1k, 10k and 100k files.
// Every command runs against the floor (ripgrep -l with the trigger pattern, or grep -rlE where
// ripgrep is absent), ast-grep (a Python rule) and jscodeshift (an equivalent prepare: false
// transform, alone and behind a grep; pooler-safe also on the same JS/TS files only, the equivalent
// workload), interleaved round by round on the same tree, each on a warm page cache (the tree is
// read once before every measured command). Prints wall time, CPU and peak RSS
// (medians; RSS as GNU time reports it: the largest process), time per 1,000 files, and ratios to
// the floor measured in the same run.
//
//   BENCH_SIZES=1000,10000 BENCH_ROUNDS=3 node bench/scale.mjs
// ast-grep: `npm install @ast-grep/cli` somewhere and point BENCH_TOOLS at that folder (its
// node_modules/.bin is searched), or have `ast-grep` on PATH; without it the row says so.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateMonorepo, GENERATOR_VERSION } from './gen-monorepo.mjs';

const ROOT = path.resolve(import.meta.dirname, '..');
const BIN = path.join(ROOT, 'bin/migrate-driver.js');
const JSCODESHIFT = path.join(ROOT, 'node_modules/jscodeshift/bin/jscodeshift.js');
const TRANSFORM = path.join(ROOT, 'bench/jscodeshift-prepare-false.cjs');
const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CACHE = path.join(os.tmpdir(), 'migrate-driver-bench');
const JS_EXTENSIONS = ['js', 'jsx', 'ts', 'tsx', 'mjs', 'cjs'];
// Full jscodeshift parses every JS/TS file (76 s at 10k on 2 cores): above this size it is left out.
const FULL_JSCODESHIFT_MAX = Number(process.env.BENCH_JSCODESHIFT_MAX ?? 10000);

const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim() || null;
const GNU_TIME = fs.existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' }).status === 0 ? '/usr/bin/time' : null;
const RG = which('rg');
const AST_GREP = [process.env.BENCH_TOOLS && path.join(process.env.BENCH_TOOLS, 'node_modules/.bin/ast-grep'), path.join(ROOT, 'node_modules/.bin/ast-grep')].find((p) => p && fs.existsSync(p)) ?? which('ast-grep');

// The union of the codemods' and the audit's trigger strings.
const TRIGGERS = ['asyncpg', 'psycopg', 'prepare_threshold', 'statement_cache_size', 'server_settings', 'prepared_statement_', 'fetchrow', 'fetchval', '$1', 'create_engine', 'create_async_engine', 'engine_from_config', 'sqlalchemy', 'SQLAlchemy', 'postgres', "'pg'", '"pg"', 'drizzle', 'kysely', 'prisma', 'datasource', 'DATABASES'];
const PATTERN = TRIGGERS.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const q = (s) => `'${s.replace(/'/g, `'\\''`)}'`;

/** One run: wall ms, CPU ms (user + sys), peak RSS MB (null without GNU time). */
function measure(cmd) {
  const argv = GNU_TIME ? [GNU_TIME, '-f', '@@%U %S %M', 'sh', '-c', cmd] : ['sh', '-c', cmd];
  const t0 = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wall = performance.now() - t0;
  const m = /@@([\d.]+) ([\d.]+) (\d+)\s*$/.exec(r.stderr ?? '');
  return { wall, cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : null, rss: m ? Number(m[3]) / 1024 : null, status: r.status };
}

/**
 * Reads every file of the tree once, unmeasured. Some machines reclaim idle page cache within
 * seconds (this one runs DAMON-based reclaim): after a long command the next one would start on a
 * cold tree (ripgrep: 13.3 s cold against 0.8 s warm at 100k), and the order of rows would decide
 * the figures. Each command is measured on a warm tree instead.
 */
function warm(dir) {
  spawnSync('sh', ['-c', `find ${q(dir)} -type f -exec cat {} + > /dev/null`], { stdio: 'ignore' });
}

function tree(n) {
  const dir = path.join(CACHE, `mono-${n}-v${GENERATOR_VERSION}`);
  // The mark lives inside .git, where no run looks.
  if (!fs.existsSync(path.join(dir, '.git/bench-complete'))) {
    fs.rmSync(dir, { recursive: true, force: true });
    const t0 = performance.now();
    generateMonorepo(dir, n);
    fs.writeFileSync(path.join(dir, '.git/bench-complete'), '');
    console.log(`  (generated ${n} files in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${dir})`);
  }
  return dir;
}

const median = (xs) => {
  const v = xs.filter((x) => x !== null).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)] : null;
};
const fmtS = (ms) => (ms === null ? 'n/a' : `${(ms / 1000).toFixed(2)} s`);
const fmtMb = (mb) => (mb === null ? 'n/a' : `${Math.round(mb)} MB`);

console.log(`migrate-driver scale bench (${os.cpus().length} cores; medians of ${ROUNDS} interleaved rounds; floor: ${RG ? 'ripgrep' : 'grep -rlE (ripgrep not installed)'}${GNU_TIME ? '' : '; no GNU time: CPU and RSS not measured'})`);

// --help through npx, from a project that has the package installed (a link to this folder).
{
  const proj = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-npx-'));
  fs.mkdirSync(path.join(proj, 'node_modules/.bin'), { recursive: true });
  fs.writeFileSync(path.join(proj, 'package.json'), '{"name":"npx-probe","private":true}\n');
  fs.symlinkSync(ROOT, path.join(proj, 'node_modules/migrate-driver'));
  fs.symlinkSync('../migrate-driver/bin/migrate-driver.js', path.join(proj, 'node_modules/.bin/migrate-driver'));
  const runs = { bin: [], npx: [], npxTrue: [], node: [] };
  for (let i = 0; i < 7; i++) {
    runs.node.push(measure(`node -e 0`).wall);
    runs.bin.push(measure(`node ${q(BIN)} --help`).wall);
    runs.npx.push(measure(`cd ${q(proj)} && npx --offline migrate-driver --help`).wall);
    runs.npxTrue.push(measure(`cd ${q(proj)} && npx --offline -c true`).wall);
  }
  fs.rmSync(proj, { recursive: true, force: true });
  console.log(`  --help: bin ${fmtS(median(runs.bin))}, npx ${fmtS(median(runs.npx))} (npx running \`true\`: ${fmtS(median(runs.npxTrue))}; node -e 0: ${fmtS(median(runs.node))})`);
}

for (const n of SIZES) {
  const dir = tree(n);
  const rows = [
    ['asyncpg-to-psycopg dry run', `node ${q(BIN)} asyncpg-to-psycopg ${q(dir)} --json`],
    ['pooler-safe dry run', `node ${q(BIN)} pooler-safe ${q(dir)} --json`],
    ['audit --json', `node ${q(BIN)} audit ${q(dir)} --json`],
    // The part jscodeshift's transform is equivalent to: the same JS/TS files, no Python or config.
    ['pooler-safe, JS/TS files only', `node ${q(BIN)} pooler-safe ${JS_EXTENSIONS.map((e) => `--include '*.${e}'`).join(' ')} ${q(dir)} --json`],
    [RG ? 'ripgrep -l (floor)' : 'grep -rlE (floor)', RG ? `${RG} -l -e ${q(PATTERN)} ${q(dir)}` : `grep -rlE --exclude-dir=node_modules --exclude-dir=.git ${q(PATTERN)} ${q(dir)}`],
    ...(RG ? [['grep -rlE', `grep -rlE --exclude-dir=node_modules --exclude-dir=.git ${q(PATTERN)} ${q(dir)}`]] : []),
    ...(AST_GREP ? [['ast-grep, Python rule', `${q(AST_GREP)} run --lang python --pattern 'create_async_engine($$$ARGS)' ${q(dir)}`]] : []),
    ...(n <= FULL_JSCODESHIFT_MAX ? [['jscodeshift, prepare: false', `cd ${q(dir)} && node ${q(JSCODESHIFT)} -t ${q(TRANSFORM)} --dry --silent --parser=tsx --extensions=${JS_EXTENSIONS.join(',')} --gitignore --ignore-pattern='**/node_modules/**' .`]] : []),
    ['jscodeshift behind grep', `${RG ? `${RG} -l -g '*.{${JS_EXTENSIONS.join(',')}}' -e postgres ${q(dir)}` : `grep -rlE --exclude-dir=node_modules --exclude-dir=.git ${JS_EXTENSIONS.map((e) => `--include='*.${e}'`).join(' ')} postgres ${q(dir)}`} | node ${q(JSCODESHIFT)} --stdin -t ${q(TRANSFORM)} --dry --silent --parser=tsx`],
  ];
  // BENCH_BEFORE=path/to/another/checkout's bin/migrate-driver.js adds its runs, interleaved too.
  const before = process.env.BENCH_BEFORE;
  if (before) rows.push(...['asyncpg-to-psycopg', 'pooler-safe', 'audit'].map((c) => [`before: ${c}`, `node ${q(before)} ${c} ${q(dir)} --json`]));
  const got = rows.map(() => []);
  for (let r = 0; r < ROUNDS; r++) {
    rows.forEach(([, cmd], i) => {
      warm(dir);
      got[i].push(measure(cmd));
    });
  }
  const stat = got.map((runs) => ({ wall: median(runs.map((x) => x.wall)), cpu: median(runs.map((x) => x.cpu)), rss: runs.some((x) => x.rss !== null) ? Math.max(...runs.map((x) => x.rss ?? 0)) : null, bad: runs.some((x) => x.status !== 0 && x.status !== 1) }));
  const floor = stat[rows.findIndex(([name]) => name.endsWith('(floor)'))].wall;
  console.log(`\n  ${n.toLocaleString('en')} files`);
  console.log(`  | command | wall | CPU | peak RSS | per 1,000 files | / floor |`);
  console.log(`  |---|---|---|---|---|---|`);
  rows.forEach(([name], i) => {
    const s = stat[i];
    console.log(`  | ${name}${s.bad ? ' (failed)' : ''} | ${fmtS(s.wall)} | ${fmtS(s.cpu)} | ${fmtMb(s.rss)} | ${(s.wall / (n / 1000)).toFixed(0)} ms | ${(s.wall / floor).toFixed(1)}x |`);
  });
  const wall = (name) => stat[rows.findIndex(([label]) => label === name)]?.wall;
  const [pooler, poolerJs, jsAlone, jsGrep] = ['pooler-safe dry run', 'pooler-safe, JS/TS files only', 'jscodeshift, prepare: false', 'jscodeshift behind grep'].map(wall);
  const vs = (ours, label) => `${label} vs jscodeshift behind grep: ${(jsGrep / ours).toFixed(2)}x faster${jsAlone ? `; vs jscodeshift alone: ${(jsAlone / ours).toFixed(1)}x faster` : ''}`;
  console.log(`  ${vs(poolerJs, 'pooler-safe on the same JS/TS files (the equivalent transform)')}`);
  console.log(`  ${vs(pooler, 'the whole pooler-safe run (Python and config too)')}`);
}
