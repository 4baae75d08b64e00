import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_PASSWORD, APP_USER, startCluster, type Cluster } from '../support/cluster.mjs';
import { cli, copyTree, git } from '../support/cli.js';
import { REPO, runPython, VENV_PYTHON } from '../support/python.js';

/**
 * Proof that asyncpg-to-psycopg ports raw asyncpg code so the program behaves the same.
 * fixtures/raw-asyncpg-service is a service written straight against asyncpg (pool with init/setup and
 * a jsonb codec, records handed between modules, transactions of every kind, prepared statements,
 * cursors, COPY, LISTEN/NOTIFY, exceptions mapped to outcomes). Its scenario.py prints one line per
 * result with values and Python types; the migrated copy, run where asyncpg is not installed at all,
 * must print the same lines. load.py runs 20 concurrent tasks x 40 checked queries through the pool.
 * Both --placeholders styles are proven: raw (`$n` kept, the default) and percent (`%s`, `%%`, `%(pN)s`).
 */
const FIXTURE = path.join(REPO, 'fixtures/raw-asyncpg-service');
const PSYCOPG_ONLY_PYTHON = path.join(REPO, '.venv-test/psycopg-only/bin/python');
const TASKS = 20;
const QUERIES = 40;

let cluster: Cluster;
const dirs: string[] = [];

beforeAll(async () => {
  cluster = await startCluster([{ name: 'tx', mode: 'transaction', pool: 2 }]);
});

afterAll(() => {
  cluster?.stop();
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const url = (port: number) => `postgresql://${APP_USER}:${encodeURIComponent(APP_PASSWORD)}@127.0.0.1:${port}/appdb`;
const direct = () => url(cluster.pgPort);
const bouncer = () => url(cluster.ports.tx!);
/** Output never shows the password, whatever a failing script echoes. */
const mask = (s: string) => s.split(APP_PASSWORD).join('****').split(encodeURIComponent(APP_PASSWORD)).join('****');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a script of the app with a given interpreter, from the app's folder, bounded in time; output masked. */
async function runApp(python: string, appDir: string, args: string[], timeoutMs = 180_000): Promise<Run> {
  const r = await runPython(args, {}, timeoutMs, { python, cwd: appDir });
  return { code: r.code, stdout: mask(r.stdout), stderr: mask(r.stderr) };
}

const tail = (s: string, n = 15) => s.trim().split('\n').slice(-n).join('\n');

/** The scenario's result lines (`label: value`). */
function resultLines(r: Run): string[] {
  return r.stdout.split('\n').filter((l) => l.trim() !== '');
}

/** The lines that differ, side by side, with their position: readable when a port changes behaviour. */
function lineDiff(a: string[], b: string[]): string {
  const out: string[] = [];
  const labelOf = (l: string | undefined) => (l ?? '').split(': ')[0];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] === b[i]) continue;
    out.push(`#${i + 1} ${labelOf(a[i] ?? b[i])}`, `  asyncpg : ${a[i] ?? '(missing)'}`, `  migrated: ${b[i] ?? '(missing)'}`);
    if (out.length >= 90) {
      out.push('  ...');
      break;
    }
  }
  return out.join('\n');
}

interface LoadCounts {
  ok: number;
  errors: number;
  wrong: number;
  line: string;
}

function loadCounts(r: Run): LoadCounts {
  const line = r.stdout.trim().split('\n').pop() ?? '';
  const m = /^ok=(\d+) errors=(\d+) wrong=(\d+)/.exec(line);
  if (!m) throw new Error(`load.py exited ${r.code} without its counts:\n${tail(r.stderr)}`);
  return { ok: Number(m[1]), errors: Number(m[2]), wrong: Number(m[3]), line };
}

/** A fresh copy of the service as a committed git repository, as a user would run the codemod on it. */
function appCopy(): string {
  const d = copyTree(FIXTURE, 'migrate-driver-raw-asyncpg-');
  dirs.push(d);
  git(d, 'init', '-q');
  git(d, 'add', '-A');
  git(d, 'commit', '-q', '-m', 'service');
  return d;
}

// The unmigrated service on asyncpg, straight to PostgreSQL: the reference output.
let before: Promise<string[]> | undefined;
const asyncpgScenario = () =>
  (before ??= (async () => {
    const r = await runApp(VENV_PYTHON, appCopy(), ['scenario.py', direct()]);
    if (r.code !== 0) throw new Error(`scenario.py on asyncpg exited ${r.code}:\n${tail(r.stderr)}`);
    return resultLines(r);
  })());

type Placeholders = 'raw' | 'percent';

// One migration per --placeholders style, shared by the tests that read it.
const migrations = new Map<Placeholders, Promise<string>>();
const migratedApp = (placeholders: Placeholders) => {
  let m = migrations.get(placeholders);
  if (!m) {
    m = (async () => {
      const app = appCopy();
      // raw is the default: run it without the flag, as most users will.
      const w = cli(['asyncpg-to-psycopg', app, '--write', '--allow-dirty', ...(placeholders === 'raw' ? [] : ['--placeholders', placeholders])], REPO);
      if (w.code !== 0) throw new Error(`asyncpg-to-psycopg --write --placeholders ${placeholders} exited ${w.code}:\n${mask(w.stderr)}\n${tail(mask(w.stdout), 30)}`);
      console.log(`asyncpg-to-psycopg --write --placeholders ${placeholders} changed:\n${git(app, 'diff', '--stat')}`);
      return app;
    })();
    migrations.set(placeholders, m);
  }
  return m;
};

const pyFiles = (dir: string): string[] =>
  fs.readdirSync(dir, { withFileTypes: true, recursive: true }).filter((e) => e.isFile() && e.name.endsWith('.py') && !e.parentPath.includes('.git')).map((e) => path.join(e.parentPath, e.name));

describe('a raw asyncpg service, ported to psycopg 3 (real PostgreSQL 15, PgBouncer 1.18 transaction mode)', () => {
  it('the psycopg-only interpreter really has no asyncpg', async () => {
    const r = await runApp(PSYCOPG_ONLY_PYTHON, REPO, ['-c', 'import psycopg, psycopg_pool\ntry:\n    import asyncpg\nexcept ImportError:\n    print("no asyncpg")']);
    expect(r.stdout.trim()).toBe('no asyncpg');
  });

  it('on asyncpg as written, the scenario runs every capability once without an unexpected failure', async () => {
    const a = await asyncpgScenario();
    console.log(`asyncpg scenario: ${a.length} result lines`);
    expect(a.length).toBeGreaterThanOrEqual(40);
    expect(a.filter((l) => !/^[^:]+: \S/.test(l)), 'lines that are not `label: value`').toEqual([]);
    expect(a.filter((l) => l.includes('unexpected')), 'steps that failed unexpectedly').toEqual([]);
    // A few anchors, so a silently broken fixture cannot pass as a reference.
    expect(a).toContain("schema.reset status (last statement): str:'INSERT 0 3'");
    expect(a).toContain("raise prices status: str:'UPDATE 2'");
    expect(a).toContain("order purge cancelled (DELETE 0): str:'DELETE 0'");
    expect(a).toContain('savepoint: inner failure rolled back, outer kept: tuple(int:4, str:\'23505\')');
    expect(a).toContain('serializable retry: tuple(int:1002, int:2)');
    // A helper given a pool or a connection: the connection's transaction is seen, the pool's fresh connection is outside it.
    expect(a).toContain("pool or connection: in the transaction, outside it, after commit: tuple(str:'draft', None, str:'draft')");
    expect(a).toContain('error exclusion (class 23 parent): caught:conflict:23P01');
    expect(a.find((l) => l.startsWith('notifications received in order:'))).toMatch(/restock:WID-001.*restock:GAD-001.*sold:WID-001.*sold:WID-002/);
    expect(a.find((l) => l.startsWith('json/jsonb without codec come back as text:'))).toMatch(/^[^:]+: tuple\(str:'\{/);
    expect(a).toContain("search $1 and % in strings, names, comments, dollar bodies: row5[(quoted, str:'$1 %'), (dollar, str:'50% of $1'), (tagged, str:\"it's $2\"), (escaped, str:\"it's 100% $1\"), (100% $1, str:'v')]");
    expect(a).toContain("search $1 twice in ILIKE '%' || $1 || '%': list[row2[(sku, str:'WID-001'), (name, str:'Widget')], row2[(sku, str:'WID-002'), (name, str:'Widget Pro')]]");
    expect(a.at(-1)).toBe(`result lines: int:${a.length}`);
  }, 240_000);

  it('before the port, the service pool through PgBouncer transaction mode breaks (the harness sees breakage)', async () => {
    await cluster.resetPool('tx');
    const r = await runApp(VENV_PYTHON, appCopy(), ['load.py', bouncer(), '--tasks', String(TASKS), '--queries', String(QUERIES)]);
    const c = loadCounts(r);
    console.log(`asyncpg load through PgBouncer: ${c.line} (exit ${r.code})`);
    expect(c.ok + c.errors + c.wrong).toBe(TASKS * QUERIES);
    expect(c.errors + c.wrong).toBeGreaterThan(0);
    expect(r.code).not.toBe(0);
  }, 240_000);

  describe.each(['raw', 'percent'] as const)('asyncpg-to-psycopg --write --placeholders %s', (placeholders) => {
    it('exits 0 and leaves no asyncpg import or requirement, psycopg and psycopg-pool instead', async () => {
      const app = await migratedApp(placeholders);
      const leftovers = pyFiles(app).flatMap((f) =>
        fs
          .readFileSync(f, 'utf8')
          .split('\n')
          .map((l, i) => [l, i] as const)
          .filter(([l]) => /^\s*(import asyncpg\b|from asyncpg\b)/.test(l))
          .map(([l, i]) => `${path.relative(app, f)}:${i + 1}: ${l.trim()}`),
      );
      expect(leftovers).toEqual([]);
      const reqs = fs.readFileSync(path.join(app, 'requirements.txt'), 'utf8');
      expect(reqs).not.toMatch(/^\s*asyncpg\b/m);
      expect(reqs).toMatch(/^\s*psycopg(\[[a-z,]+\])?\s*(==|>=|~=|$)/m);
      expect(reqs).toMatch(/^\s*psycopg[-_]pool\b/m);
    }, 240_000);

    it('writes the SQL in the chosen style: $n on raw cursors, or %s with literal % doubled', async () => {
      const app = await migratedApp(placeholders);
      const read = (rel: string) => fs.readFileSync(path.join(app, rel), 'utf8');
      const db = read('service/db.py');
      const search = read('service/repo_search.py');
      // Parameterless SQL is sent as written in both styles.
      expect(search).toContain("WHERE sku LIKE 'GAD-%' OR name LIKE '%rench' ORDER BY sku\")");
      if (placeholders === 'raw') {
        expect(db).toContain('"cursor_factory": psycopg.AsyncRawCursor');
        expect(search).toContain("WHERE sku LIKE $1 || '%' ORDER BY sku\", (prefix,)");
        expect(search).not.toContain('%s');
        return;
      }
      expect(db).not.toContain('cursor_factory');
      expect(search).toContain("WHERE sku LIKE %s || '%%' ORDER BY sku\", (prefix,)");
      // Ported in place: the query and its parameters keep their own lines.
      expect(search).toMatch(/ILIKE '%%' \|\| %\(p1\)s \|\| '%%' OR name ILIKE %\(p1\)s \|\| '%%' ORDER BY sku LIMIT %\(p2\)s",\s*\{"p1": term, "p2": limit\}/);
      expect(search).toContain('SELECT %(p1)s::int + %(p10)s::int AS first_and_tenth');
      expect(search).toContain("SELECT '$1 %%' AS quoted, $$50%% of $1$$ AS dollar");
      expect(search).toContain('tuple(tags)');
      // ESCAPE '\\': where the string ends depends on a server setting, so that call keeps asyncpg's SQL on a raw cursor.
      expect(search).toMatch(/psycopg\.AsyncRawCursor\(conn, row_factory=scalar_row\)\.execute\(\s*"SELECT count\(\*\) FROM inv\.audit_log .*entity_id >= \$1", \(0,\)\s*\)/);
      const raw = pyFiles(app).filter((f) => !f.endsWith('asyncpg_compat.py')).map((f) => (fs.readFileSync(f, 'utf8').match(/psycopg\.AsyncRawCursor\b/g) ?? []).length).reduce((a, b) => a + b, 0);
      console.log(`--placeholders percent: ${raw} mentions of psycopg.AsyncRawCursor left (SQL in variables, helpers, f-strings, *args with %(pN)s)`);
    }, 240_000);

    it('the migrated scenario, where asyncpg is not installed, prints exactly what asyncpg printed', async () => {
      const a = await asyncpgScenario();
      const app = await migratedApp(placeholders);
      const r = await runApp(PSYCOPG_ONLY_PYTHON, app, ['scenario.py', direct()]);
      const b = resultLines(r);
      if (r.code !== 0) console.log(`migrated scenario (${placeholders}) exited ${r.code}:\n${tail(r.stderr)}`);
      const diff = lineDiff(a, b);
      if (diff) console.log(`scenario lines that differ (asyncpg vs migrated):\n${diff}`);
      expect(diff, 'lines that differ').toBe('');
      expect(r.code).toBe(0);
    }, 240_000);

    it('the migrated pool through PgBouncer transaction mode: 20 tasks x 40 queries, 0 errors, 0 wrong answers', async () => {
      const app = await migratedApp(placeholders);
      await cluster.resetPool('tx');
      const r = await runApp(PSYCOPG_ONLY_PYTHON, app, ['load.py', bouncer(), '--tasks', String(TASKS), '--queries', String(QUERIES)]);
      const c = loadCounts(r);
      console.log(`migrated (${placeholders}) load through PgBouncer: ${c.line} (exit ${r.code})`);
      if (r.code !== 0 && r.stderr.trim()) console.log(tail(r.stderr));
      expect({ errors: c.errors, wrong: c.wrong }).toEqual({ errors: 0, wrong: 0 });
      expect(c.ok).toBe(TASKS * QUERIES);
      expect(r.code).toBe(0);
    }, 240_000);

    it('verify calls the migrated service safe behind the transaction pooler', async () => {
      const app = await migratedApp(placeholders);
      const r = cli(['verify', app, '--url', bouncer(), '--json'], REPO);
      expect(r.stdout).not.toContain(APP_PASSWORD);
      const j = JSON.parse(r.stdout) as { verdict: { exit: number; summary: string; offending: unknown[] } };
      if (j.verdict.exit !== 0) console.log(`verify verdict: ${j.verdict.summary}\n${JSON.stringify(j.verdict.offending, null, 1).slice(0, 3000)}`);
      expect(j.verdict.summary).toMatch(/^safe:/);
      expect(j.verdict.exit).toBe(0);
      expect(r.code).toBe(0);
    }, 240_000);
  });
});
