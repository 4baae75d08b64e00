// A deterministic mixed monorepo for the scale benchmark: 45% TS/TSX, 20% JS, 20% Python, 15% config
// and docs, 50 to 400 lines per file; about 1% of the files hold trigger text (asyncpg engines,
// postgres.js clients whose options live in another module, node-postgres named queries, manifests,
// docs); nested .gitignore files with ignored files present (some of them with trigger text), and a
// node_modules folder of 5% of the tree (5,000 files at 100k). A git work tree, committed.
//
//   node bench/gen-monorepo.mjs DIR FILES [--no-git]
// or import { generateMonorepo } and call it. The same FILES always gives the same bytes.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const GENERATOR_VERSION = 1;

/** mulberry32: small, fast, and the same sequence everywhere. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Filler: code and prose that never holds a trigger string (no driver names, no `$1`, no `.query(`).
const tsBlock = (i, k) => `
export interface Item${i}_${k} {
  id: number;
  label: string;
  tags: readonly string[];
}

export function score${i}_${k}(items: Item${i}_${k}[], weight = ${k + 1}): number {
  let total = 0;
  for (const item of items) {
    if (item.tags.includes('skip')) continue;
    total += item.id * weight + item.label.length;
  }
  return total / Math.max(1, items.length);
}
`;
const tsxBlock = (i, k) => `
export function Card${i}_${k}(props: { title: string; count: number }) {
  const label = props.count > ${k} ? 'many' : 'few';
  return (
    <section className="card-${k}">
      <h2>{props.title}</h2>
      <p>{label}: {props.count}</p>
    </section>
  );
}
`;
const jsBlock = (i, k) => `
function transform${i}_${k}(rows, options = {}) {
  const limit = options.limit ?? ${10 + k};
  const out = [];
  for (const row of rows) {
    if (out.length >= limit) break;
    out.push({ ...row, rank: row.value * ${k + 2} });
  }
  return out;
}
module.exports.transform${i}_${k} = transform${i}_${k};
`;
const pyBlock = (i, k) => `

class Handler${i}_${k}:
    """Handles one kind of event."""

    def __init__(self, client, limit=${k + 3}):
        self.client = client
        self.limit = limit

    def run(self, events):
        seen = 0
        for event in events:
            if event.get("kind") == "skip":
                continue
            seen += 1
            if seen > self.limit:
                break
        return {"seen": seen, "handler": "${i}-${k}"}
`;
const mdBlock = (i, k) => `
## Section ${k}

Service ${i} keeps its state in memory and flushes it every ${k + 1} minutes. The handler reads
events in batches, skips the ones marked as such, and reports how many it saw.

- step one: read the batch
- step two: filter it
- step three: report
`;

/** Pads `head` with blocks until the file has about `lines` lines. */
function pad(head, lines, block, i) {
  let out = head;
  let k = 0;
  while (out.split('\n').length < lines) out += block(i, k++);
  return out;
}

// Trigger files: what the codemods and the audit look for, in the shapes real code has.
const trig = {
  pyEngine: (i) => `from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine(
    "postgresql+asyncpg://svc:pw@db-${i}:5432/app?ssl=require",
    connect_args={"statement_cache_size": 0, "command_timeout": 30},
)
`,
  pyRaw: (i) => `import asyncpg


async def load_user_${i}(pool, user_id):
    async with pool.acquire() as conn:
        return await conn.fetchrow("SELECT id, name FROM users WHERE id = $1", user_id)


async def make_pool_${i}(dsn):
    return await asyncpg.create_pool(dsn, min_size=1, max_size=5)
`,
  pyPsycopg: (i) => `import psycopg


def connect_${i}(dsn):
    conn = psycopg.connect(dsn, prepare_threshold=0)
    return conn
`,
  tsClient: (i) => `import postgres from 'postgres';
import { dbOptions${i} } from './db-options-${i}';

export const sql${i} = postgres(process.env.DATABASE_URL!, dbOptions${i});
`,
  tsOptions: (i) => `export const dbOptions${i} = {
  max: 10,
  idle_timeout: 20,
};
`,
  tsDrizzle: (i) => `import { drizzle } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';

const client${i} = postgres(process.env.DATABASE_URL!);
export const db${i} = drizzle(client${i});
`,
  jsNamed: (i) => `const { Pool } = require('pg');

const pool${i} = new Pool({ connectionString: process.env.DATABASE_URL });

async function getUser${i}(id) {
  const res = await pool${i}.query({ name: 'get-user-${i}', text: 'SELECT * FROM users WHERE id = $1', values: [id] });
  return res.rows[0];
}
module.exports = { getUser${i} };
`,
  md: (i) => `# Database

Service ${i} connects with \`postgresql+asyncpg://app:secret@db:5432/app\`; install it with \`pip install asyncpg\`.
`,
};

const KINDS = [
  // [share %, name]
  [35, 'ts'],
  [10, 'tsx'],
  [20, 'js'],
  [20, 'py'],
  [6, 'md'],
  [4, 'json'],
  [3, 'yml'],
  [2, 'toml'],
];

function pickKind(r) {
  let x = r() * 100;
  for (const [share, k] of KINDS) if ((x -= share) < 0) return k;
  return 'ts';
}

function fillerFile(kind, i, lines) {
  switch (kind) {
    case 'ts':
      return pad(`// Module ${i}.\n`, lines, tsBlock, i);
    case 'tsx':
      return pad(`// Component ${i}.\n`, lines, tsxBlock, i);
    case 'js':
      return pad(`'use strict';\n// Module ${i}.\n`, lines, jsBlock, i);
    case 'py':
      return pad(`"""Module ${i}."""\nimport os\n`, lines, pyBlock, i);
    case 'md':
      return pad(`# Service ${i}\n`, lines, mdBlock, i);
    case 'json':
      return `${JSON.stringify({ name: `pkg-${i}`, version: '1.0.0', items: Array.from({ length: Math.max(1, lines - 12) }, (_, k) => k * i % 997) }, null, 1)}\n`;
    case 'yml':
      return `name: job-${i}\non: push\njobs:\n${Array.from({ length: Math.max(1, Math.floor(lines / 4)) }, (_, k) => `  step${k}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make check-${k}\n`).join('')}`;
    case 'toml':
      return `[tool.example]\nname = "svc-${i}"\n${Array.from({ length: Math.max(1, lines - 2) }, (_, k) => `key_${k} = ${k * 7}\n`).join('')}`;
    default:
      throw new Error(kind);
  }
}

/**
 * Writes the tree. Returns what it made: file counts by kind and where the trigger files are.
 * `files` counts the files outside node_modules and ignored folders (what a run discovers).
 */
export function generateMonorepo(dir, files, { git = true } = {}) {
  const r = rng(0x5eed ^ files);
  fs.mkdirSync(dir, { recursive: true });
  const write = (rel, text) => {
    const abs = path.join(dir, rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, text);
  };
  const stats = { files: 0, triggers: 0, ignored: 0, nodeModules: 0 };
  write('.gitignore', 'node_modules/\ndist/\n*.log\n.env.local\n');
  write('package.json', `${JSON.stringify({ name: 'mono', private: true, workspaces: ['packages/*', 'apps/*', 'services/*'] }, null, 2)}\n`);
  write('requirements.txt', 'fastapi==0.110.0\nsqlalchemy==2.0.30\nasyncpg==0.29.0\n');
  stats.files += 3;
  const PER_DIR = 20;
  const PER_PKG = 200;
  let i = 0;
  let pkg = 0;
  // One trigger "slot" per 100 files, rotating through the shapes.
  const shapes = ['pyEngine', 'tsClient', 'jsNamed', 'pyRaw', 'tsDrizzle', 'pyPsycopg', 'md', 'tsClient'];
  let shape = 0;
  while (stats.files < files) {
    const group = ['packages', 'apps', 'services'][pkg % 3];
    const base = `${group}/p${pkg}`;
    write(`${base}/.gitignore`, 'build/\ncoverage/\ntmp/\n*.generated.ts\n');
    // Ignored output, present on disk: never a target (one of them mentions the driver).
    write(`${base}/build/out-${pkg}.js`, `// built\nconst postgres = require('postgres');\nmodule.exports = postgres(process.env.URL);\n`);
    write(`${base}/tmp/scratch.generated.ts`, `export const x = ${pkg};\n`);
    stats.ignored += 2;
    stats.files++;
    for (let f = 0; f < PER_PKG && stats.files < files; f++, i++) {
      const sub = `${base}/src/m${Math.floor(f / PER_DIR)}`;
      const lines = 50 + Math.floor(r() * 351);
      if (i % 100 === 50) {
        const s = shapes[shape++ % shapes.length];
        const head = trig[s](i);
        if (s === 'tsClient') {
          write(`${sub}/db-options-${i}.ts`, pad(trig.tsOptions(i), lines, tsBlock, i));
          write(`${sub}/client-${i}.ts`, pad(head, lines, tsBlock, i));
          stats.files += 2;
        } else if (s === 'md') {
          write(`${sub}/DATABASE-${i}.md`, pad(head, lines, mdBlock, i));
          stats.files++;
        } else if (s === 'jsNamed') {
          write(`${sub}/users-${i}.js`, pad(head, lines, jsBlock, i));
          stats.files++;
        } else if (s === 'tsDrizzle') {
          write(`${sub}/db-${i}.ts`, pad(head, lines, tsBlock, i));
          stats.files++;
        } else {
          write(`${sub}/db_${i}.py`, pad(head, lines, pyBlock, i));
          stats.files++;
        }
        stats.triggers++;
        continue;
      }
      const kind = pickKind(r);
      const name = kind === 'py' ? `mod_${i}.py` : `file${i}.${kind}`;
      write(`${sub}/${name}`, fillerFile(kind, i, lines));
      stats.files++;
    }
    // Each Python service has a manifest; a few have an ignored local env file with the real URL.
    if (pkg % 3 === 2) {
      write(`${base}/requirements.txt`, pkg % 6 === 2 ? 'sqlalchemy==2.0.30\nasyncpg==0.29.0\n' : 'requests==2.32.0\n');
      stats.files++;
      if (pkg % 12 === 2) {
        write(`${base}/.env.local`, `DATABASE_URL=postgresql+asyncpg://svc:pw@db:5432/app\n`);
        stats.ignored++;
      }
    }
    pkg++;
  }
  // Dependencies: never walked, whatever they mention.
  const nm = Math.round(files * 0.05);
  for (let k = 0; k < nm; k++) {
    const lib = `node_modules/lib${k % 100}/lib/f${k}.js`;
    write(lib, k % 50 === 0 ? `const postgres = require('postgres');\nmodule.exports = postgres();\n` : pad(`'use strict';\n`, 50, jsBlock, k));
  }
  stats.nodeModules = nm;
  if (git) {
    const g = (...args) => {
      const res = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
      if (res.status !== 0) throw new Error(`git ${args[0]} failed: ${res.stderr}`);
    };
    g('init', '-q');
    g('add', '-A');
    g('commit', '-q', '-m', 'generated tree');
  }
  return stats;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, n, ...rest] = process.argv.slice(2);
  if (!dir || !n) {
    console.error('usage: node bench/gen-monorepo.mjs DIR FILES [--no-git]');
    process.exit(2);
  }
  console.log(generateMonorepo(path.resolve(dir), Number(n), { git: !rest.includes('--no-git') }));
}
