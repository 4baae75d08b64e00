import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ASYNCPG_COMPAT_MODULE } from '../../src/drivers/data/asyncpg-compat-module.js';
import { APP_PASSWORD, APP_USER, startCluster, type Cluster } from '../support/cluster.mjs';
import { cli } from '../support/cli.js';
import { loadCases, type FixtureCase } from '../support/fixture-harness.js';
import { REPO, runPython, VENV_PYTHON } from '../support/python.js';

/**
 * The raw asyncpg __testfixtures__ of asyncpg-to-psycopg, run for real on PostgreSQL 15. Every folder
 * case with a top-level `async def scenario(dsn)` runs on asyncpg as written; then `asyncpg-to-psycopg
 * --write` ports it (in both placeholder styles) and it runs again where asyncpg is not installed.
 * test/python/raw_fixture_scenarios.py prints each result with its Python type (one process per side
 * for all cases); every side must print asyncpg's lines. Each scenario creates and drops its own fx_* tables.
 */
const FIXTURES = path.join(REPO, 'codemods/asyncpg-to-psycopg/__testfixtures__');
const RUNNER = path.join(REPO, 'test/python/raw_fixture_scenarios.py');
const PSYCOPG_ONLY_PYTHON = path.join(REPO, '.venv-test/psycopg-only/bin/python');
const SCENARIO = /^async def scenario\(dsn\)/m;

/** One result per case that asyncpg is known to give, so a scenario that silently does nothing fails. */
const KNOWN: Record<string, string> = {
  'raw-annotations': "isinstance(row, asyncpg.Record): list[bool:True, bool:True, bool:False]",
  'raw-app-state': "delete in a transaction: status: str:'DELETE 2'",
  'raw-codecs': "jsonb through the codec: dict in, dict out: dict{'beta': bool:False, 'font': int:14, 'langs': list[str:'en', str:'fr'], 'theme': str:'dark'}",
  'raw-connect': "dsn and server settings: row4[(usr, str:'app'), (db, str:'appdb'), (app, str:'fx-worker'), (path, str:'public')]",
  'raw-copy': "copy_from_query with a parameter: tuple(str:'COPY 2', bytes:b'S-1,12.50\\nS-4,40.00\\n')",
  'raw-exceptions': "class 23 parent: str:'integrity 23505'",
  'raw-listen': "notifications in order: list[str:'fx_listen_users:42', str:'fx_listen_orders:7', str:'fx_listen_users:43', str:'fx_listen_users:44']",
  'raw-percent': "LIKE 'AB%' without parameters: list[str:'AB-1', str:'AB-2', str:'ABC']",
  'raw-placeholders': "$10 beside $1: ids and the tenth value: tuple(int:1, int:2, int:3, str:'ten')",
  'raw-pool': "session state after release: tuple(str:'\"$user\", public', bool:True)",
  'raw-pool-shortcuts': "execute shortcut status: str:'UPDATE 1'",
  'raw-prepared-cursors': "prepared fetchval column=1: float:18.0",
  'raw-queries-basic': "execute script: last status: str:'INSERT 0 3'",
  'raw-records': "duplicate column names, by key only: list[str:'seniors', str:'juniors', str:'seniors']",
  'raw-rows-across-modules': "report.lines: index and key: list[str:'#1: 10.50', str:'#4: 1.00']",
  'raw-sql-helpers': "builder: two conditions ($1, $2): list[tuple(str:'333', str:'Persuasion')]",
  'raw-transactions': "manual savepoint rolled back: list[tuple(int:1, int:50), tuple(int:2, int:74), tuple(int:3, int:24)]",
  'raw-types': "naive datetime parameter: tuple(datetime:datetime.datetime(2024, 3, 5, 12, 0, tzinfo=datetime.timezone.utc), datetime:datetime.datetime(2024, 3, 5, 12, 0))",
};
/** The cases the port gets wrong most easily: they must be among those that run. */
const NASTY = ['raw-percent', 'raw-placeholders', 'raw-sql-helpers', 'raw-rows-across-modules', 'raw-app-state'];

const caseName = (c: FixtureCase) => c.name.replace(/\/$/, '');
/** The folder a case is placed in: a package, imported by this name. */
const pkg = (c: FixtureCase) => caseName(c).replace(/-/g, '_');
const cases = loadCases(FIXTURES).filter((c) => c.name.endsWith('/') && c.files.some((f) => f.virtual.endsWith('.py') && SCENARIO.test(fs.readFileSync(f.input, 'utf8'))));

/** asyncpg as written, and the two ports: `$n` SQL on raw cursors (the default), and psycopg's `%s` style. */
type Side = 'asyncpg' | 'raw' | 'percent';
const PORTS = ['raw', 'percent'] as const;

let cluster: Cluster;
let root: string;
const side = (which: Side, c: FixtureCase) => path.join(root, which, pkg(c));

beforeAll(async () => {
  cluster = await startCluster([]);
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-raw-fixtures-'));
  for (const c of cases) {
    for (const which of ['asyncpg', ...PORTS] as const) {
      fs.mkdirSync(side(which, c), { recursive: true });
      for (const f of c.files) fs.copyFileSync(f.input, path.join(side(which, c), f.virtual));
    }
  }
});

afterAll(() => {
  cluster?.stop();
  if (root) fs.rmSync(root, { recursive: true, force: true });
});

const dsn = () => `postgresql://${APP_USER}:${encodeURIComponent(APP_PASSWORD)}@127.0.0.1:${cluster.pgPort}/appdb`;
/** Output never shows the password, whatever a failing scenario prints. */
const mask = (s: string) => s.split(APP_PASSWORD).join('****').split(encodeURIComponent(APP_PASSWORD)).join('****');

interface SideRun {
  /** `pkg | label: value` lines, by case. */
  byCase: Map<string, string[]>;
  code: number | null;
  stderr: string;
}

/** Every case's scenario in one Python process. */
async function runAll(python: string, which: Side): Promise<SideRun> {
  const r = await runPython([RUNNER, dsn(), ...cases.map((c) => side(which, c))], {}, 180_000, { python });
  const byCase = new Map<string, string[]>(cases.map((c) => [pkg(c), []]));
  for (const l of mask(r.stdout).split('\n')) if (l.trim()) byCase.get(l.split(' | ')[0]!)?.push(l);
  return { byCase, code: r.code, stderr: mask(r.stderr) };
}

let asyncpgRun: Promise<SideRun> | undefined;
const onAsyncpg = () => (asyncpgRun ??= runAll(VENV_PYTHON, 'asyncpg'));

// One port per case (each is its own project) and style, then one run of all cases ported in that style.
const portedRuns = new Map<Side, Promise<SideRun>>();
const ported = (style: (typeof PORTS)[number]) => {
  if (!portedRuns.has(style)) {
    portedRuns.set(style, (async () => {
      for (const c of cases) {
        const w = cli(['asyncpg-to-psycopg', side(style, c), '--write', '--allow-dirty', '--placeholders', style], REPO);
        if (w.code !== 0) throw new Error(`${c.name}: asyncpg-to-psycopg --write --placeholders ${style} exited ${w.code}:\n${mask(w.stderr)}\n${mask(w.stdout).slice(-2000)}`);
      }
      return runAll(PSYCOPG_ONLY_PYTHON, style);
    })());
  }
  return portedRuns.get(style)!;
};

describe('raw asyncpg fixture cases, run on asyncpg and ported to psycopg (real PostgreSQL 15)', () => {
  it('the cases with a scenario include every nasty one, and each has a known result', () => {
    const names = cases.map(caseName);
    console.log(`raw fixture cases run for real: ${names.length} (${names.join(', ')})`);
    expect(names).toEqual(expect.arrayContaining(NASTY));
    expect(names.length).toBeGreaterThanOrEqual(15);
    expect(names.filter((n) => !KNOWN[n]), 'cases without a known result').toEqual([]);
  });

  it('on asyncpg as written, every scenario prints its results without failing', async () => {
    const a = await onAsyncpg();
    expect(a.code, a.stderr.slice(-2000)).toBe(0);
    for (const c of cases) {
      const lines = a.byCase.get(pkg(c))!;
      expect(lines.length, `${c.name} result lines`).toBeGreaterThanOrEqual(3);
      expect(lines.filter((l) => l.includes(' | scenario failed:')), c.name).toEqual([]);
      expect(lines, `${c.name} known result`).toContain(`${pkg(c)} | ${KNOWN[caseName(c)]}`);
    }
  }, 240_000);

  for (const style of PORTS) {
    describe(`--placeholders ${style}`, () => {
      it('asyncpg-to-psycopg --write creates the compat module and leaves no asyncpg import in any case', async () => {
        await ported(style);
        for (const c of cases) {
          const dir = side(style, c);
          expect(fs.readFileSync(path.join(dir, 'asyncpg_compat.py'), 'utf8'), `${c.name} compat module`).toBe(ASYNCPG_COMPAT_MODULE);
          const left = fs.readdirSync(dir).filter((f) => f.endsWith('.py') && /^\s*(import|from)\s+asyncpg\b/m.test(fs.readFileSync(path.join(dir, f), 'utf8')));
          expect(left, `${c.name}: files still importing asyncpg`).toEqual([]);
        }
      }, 240_000);

      for (const c of cases) {
        it(`${c.name} ported, where asyncpg is not installed, prints exactly what asyncpg printed`, async () => {
          const a = (await onAsyncpg()).byCase.get(pkg(c))!;
          const run = await ported(style);
          const b = run.byCase.get(pkg(c))!;
          if (run.code !== 0) console.log(`ported scenarios exited ${run.code}:\n${run.stderr.slice(-2000)}`);
          expect(b.length).toBeGreaterThan(0);
          expect(b).toEqual(a);
        }, 240_000);
      }
    });
  }
});
