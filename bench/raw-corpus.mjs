#!/usr/bin/env node
// The raw asyncpg port on the corpus's raw-asyncpg repositories: call sites found / rewritten / flagged /
// missed, whether the port was held back, and whether each app still imports and starts after `--write`.
//
//   node bench/raw-corpus.mjs <mirrors-folder> [--cli PATH] [--only NAME]... [--no-install] [--no-start]
//                             [--tmp DIR] [--venvs DIR] [--out FILE] [--verbose]
//
// For every Python repository of bench/corpus/ (at its recorded commit):
// 1. bench/raw-corpus-count.py counts raw asyncpg call sites with Python's own ast (not the tool's parser or
//    model); a repository with none is listed as "no raw asyncpg" and skipped.
// 2. `asyncpg-to-psycopg --json` runs on the checkout; each site is rewritten (a non-marker edit on its lines),
//    unchanged (not held back, and a call psycopg runs as written: a one-statement execute() whose result is
//    dropped, a plain `async with conn.transaction()`), flagged (a marker or follow-up on its statement),
//    counted (only named in its file's "N asyncpg-style calls" follow-up) or missed. Held back = the
//    project-level "raw asyncpg code was not ported" follow-up; the top reasons group the follow-ups on sites.
// 3. Unless --no-install: a copy gets `--write --allow-dirty`; two venvs (cached under --venvs, default
//    ~/.cache/migrate-driver/raw-corpus) hold the dependencies the tree declares before and after the write
//    (bench/raw-corpus.json says which manifest and Python; asyncpg is absent when the tool removed it).
//    Every module the write changed or created is imported in both; one that imports before and fails after
//    is a wrong rewrite. Where raw-corpus.json has a start recipe (and not --no-start), it runs against a
//    private PostgreSQL on 127.0.0.1 (test/support/cluster.mjs), before and after, bounded in time.
// Prints one section per repository and a summary table; --out writes every result as JSON. Exits 0.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extract, findGitDir, run } from './corpus-checkout.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const HELD = /^raw asyncpg code was not ported/;
const UNTRACED = /^(\d+) asyncpg-style calls? \(([^)]*)\) on a receiver that could not be traced/;
const MARKER = 'todo-marker';

function parseArgs(argv) {
  const opts = {
    mirrors: null,
    cli: resolve(here, '..', 'bin', 'migrate-driver.js'),
    only: [],
    install: true,
    start: true,
    tmp: null,
    venvs: join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'migrate-driver', 'raw-corpus'),
    out: null,
    verbose: false,
    data: join(here, 'corpus'),
    recipes: join(here, 'raw-corpus.json'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--cli') opts.cli = resolve(next());
    else if (a === '--only') opts.only.push(next());
    else if (a === '--no-install') opts.install = false;
    else if (a === '--no-start') opts.start = false;
    else if (a === '--tmp') opts.tmp = resolve(next());
    else if (a === '--venvs') opts.venvs = resolve(next());
    else if (a === '--out') opts.out = resolve(next());
    else if (a === '--data') opts.data = resolve(next());
    else if (a === '--recipes') opts.recipes = resolve(next());
    else if (a === '--verbose' || a === '-v') opts.verbose = true;
    else if (a === '--help' || a === '-h') usage();
    else if (a.startsWith('-')) usage(`unknown option ${a}`);
    else if (!opts.mirrors) opts.mirrors = resolve(a);
    else usage(`unexpected argument ${a}`);
  }
  if (!opts.mirrors) usage('the mirrors folder is required');
  return opts;
}

function usage(msg) {
  if (msg) process.stderr.write(`raw-corpus: ${msg}\n`);
  process.stderr.write('usage: node bench/raw-corpus.mjs <mirrors-folder> [--cli PATH] [--only owner/name] [--no-install] [--no-start] [--tmp DIR] [--venvs DIR] [--out FILE] [--verbose]\n');
  process.exit(2);
}

/** Secrets never reach the output: every printed string passes through here. */
const secrets = new Set();
const mask = (s) => {
  let t = String(s ?? '');
  for (const x of secrets) if (x) t = t.split(x).join('***');
  return t;
};
const say = (s = '') => process.stdout.write(`${mask(s)}\n`);
const tail = (s, n = 6) => mask(String(s ?? '').trim().split('\n').slice(-n).join('\n   '));

function tool(opts, cwd, args) {
  let r = run(process.execPath, [opts.cli, ...args, '--json'], { cwd, env: { ...process.env, NO_COLOR: '1' } });
  try {
    return { json: JSON.parse(r.stdout), code: r.code };
  } catch {
    // Masked output that is not valid JSON: the raw output is read in memory only and never printed.
    r = run(process.execPath, [opts.cli, ...args, '--json', '--show-secrets'], { cwd, env: { ...process.env, NO_COLOR: '1' } });
    try {
      return { json: JSON.parse(r.stdout), code: r.code, note: 'masked --json output was not valid JSON; read a --show-secrets run' };
    } catch (e) {
      return { json: null, code: r.code, note: `no JSON from the tool (exit ${r.code}): ${tail(r.stderr, 3)}` };
    }
  }
}

// ---------- 1 + 2: count and classify ----------

function count(tree) {
  const r = run('python3', [join(here, 'raw-corpus-count.py'), tree]);
  if (r.code !== 0) throw new Error(`raw-corpus-count.py failed: ${tail(r.stderr)}`);
  return JSON.parse(r.stdout);
}

/** Which part of the tool's answer covers each site. */
function classify(sites, json) {
  const edits = [];
  for (const f of json?.files ?? []) for (const e of f.edits ?? []) edits.push({ path: f.path, ...e });
  const fus = json?.followUps ?? [];
  const held = fus.find((u) => HELD.test(u.message ?? ''));
  const untraced = fus.map((u) => ({ u, m: UNTRACED.exec(u.message ?? '') })).filter((x) => x.m);
  const within = (x, a, b) => typeof x.line === 'number' && x.line >= a && x.line <= b;
  const out = [];
  for (const s of sites) {
    const mine = (x) => x.path === s.file;
    const rewritten = edits.find((e) => mine(e) && e.kind !== MARKER && within(e, s.line, s.endLine));
    const flagged = [...edits.filter((e) => e.kind === MARKER), ...fus].find((x) => mine(x) && !HELD.test(x.message ?? x.description ?? '') && within(x, s.stmtLine, s.endLine));
    const counted = untraced.find(({ u, m }) => mine(u) && m[2].split(',').map((c) => c.trim()).includes(`${s.receiver}.${s.method}`));
    // Calls psycopg runs unchanged: a one-statement execute() whose status is dropped, a plain transaction block.
    const same = !held && !rewritten && !flagged && ((s.method === 'execute' && s.args === 1 && !s.keywords && s.use === 'stmt') || (s.method === 'transaction' && !s.args && !s.keywords && s.use === 'with'));
    const status = rewritten ? 'rewritten' : flagged ? 'flagged' : same ? 'unchanged' : counted ? 'counted' : 'missed';
    const why = rewritten ? rewritten.description : flagged ? (flagged.message ?? flagged.description) : counted ? counted.u.message : '';
    out.push({ ...s, status, why: String(why ?? '') });
  }
  return { sites: out, held: held ? held.message : null, reasons: reasons(fus) };
}

/** Follow-ups that block the port (what holds a project back), as opposed to advice on a call. */
const BLOCKER = /left as is|could not be traced|may be an asyncpg pool or a connection|told by name to use asyncpg/;

/** The blocking follow-ups, grouped: the top reasons a port was held back (untraced calls count each call). */
function reasons(fus) {
  const tally = new Map();
  const add = (k, n) => tally.set(k, (tally.get(k) ?? 0) + n);
  for (const u of fus) {
    const msg = u.message ?? '';
    if (u.rule !== 'asyncpg-api' || !BLOCKER.test(msg)) continue;
    const m = UNTRACED.exec(msg);
    add(reasonKey(msg), m ? Number(m[1]) : 1);
  }
  return [...tally.entries()].sort((a, b) => b[1] - a[1]);
}

function reasonKey(msg) {
  const m = String(msg);
  if (UNTRACED.test(m)) return 'receiver not traced to asyncpg.connect/create_pool';
  if (/may be an asyncpg pool or a connection/.test(m)) return 'receiver may be a pool or a connection';
  if (/told by name to use asyncpg/.test(m)) return 'a library is told by name to use asyncpg';
  const left = /left as is: ([^.;:(,]+)/.exec(m);
  if (left) return `left as is: ${left[1].trim()}`;
  return m.replace(/^\d+ /, 'N ').split(/: /)[0].slice(0, 70);
}

// ---------- 3: venvs, imports, start ----------

function pythonFor(version) {
  const base = join(homedir(), '.pyenv', 'versions');
  if (existsSync(base)) {
    const found = readdirSync(base)
      .filter((v) => v === version || v.startsWith(`${version}.`))
      .sort((a, b) => Number(b.split('.')[2] ?? 0) - Number(a.split('.')[2] ?? 0));
    for (const v of found) {
      const p = join(base, v, 'bin', `python${version}`);
      if (existsSync(p)) return p;
    }
  }
  const r = run('sh', ['-c', `command -v python${version}`]);
  return r.code === 0 ? r.stdout.trim() : null;
}

/** The pip arguments a tree declares, and the text that keys its venv. */
function installSpec(tree, recipe, work) {
  const args = [];
  const key = [];
  const drop = recipe.drop ? new RegExp(recipe.drop) : null;
  for (const item of recipe.install ?? defaultInstall(tree)) {
    if (item.requirements) {
      const text = readFileSync(join(tree, item.requirements), 'utf8').split('\n').filter((l) => !(drop && drop.test(l))).join('\n');
      const file = join(work, `req-${key.length}.txt`);
      writeFileSync(file, text);
      args.push('-r', file);
      key.push(text);
    } else if (item.pyproject) {
      const r = run('python3', [join(here, 'raw-corpus-deps.py'), join(tree, item.pyproject), ...(item.extras ?? [])]);
      if (r.code !== 0) throw new Error(`raw-corpus-deps.py: ${tail(r.stderr)}`);
      const text = r.stdout.split('\n').filter((l) => l.trim() && !(drop && drop.test(l))).join('\n');
      const file = join(work, `req-${key.length}.txt`);
      writeFileSync(file, text);
      args.push('-r', file);
      key.push(text);
    } else if (item.project) {
      const dir = join(tree, item.project);
      args.push(`${dir}${item.extras?.length ? `[${item.extras.join(',')}]` : ''}`);
      // The project's manifests (as this tree has them) key the venv; its code is imported from the tree.
      for (const f of ['pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt']) if (existsSync(join(dir, f))) key.push(readFileSync(join(dir, f), 'utf8'));
      const reqDir = join(dir, 'requirements');
      if (existsSync(reqDir)) for (const f of readdirSync(reqDir).sort()) key.push(readFileSync(join(reqDir, f), 'utf8'));
      key.push(JSON.stringify(item));
    } else if (item.packages) {
      args.push(...item.packages);
      key.push(item.packages.join(' '));
    }
  }
  return { args, key: key.join('\n--\n') };
}

function defaultInstall(tree) {
  if (existsSync(join(tree, 'pyproject.toml'))) return [{ pyproject: 'pyproject.toml' }];
  for (const r of ['requirements.txt', 'backend/requirements.txt']) if (existsSync(join(tree, r))) return [{ requirements: r }];
  if (existsSync(join(tree, 'setup.py'))) return [{ project: '.' }];
  return [];
}

/** A venv with those requirements, reused while they do not change. */
function venv(opts, python, spec) {
  const id = createHash('sha256').update(`${python}\n${spec.key}`).digest('hex').slice(0, 16);
  const dir = join(opts.venvs, `venv-${id}`);
  const bin = join(dir, 'bin', 'python');
  if (existsSync(join(dir, '.installed'))) return { python: bin, dir, cached: true };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(opts.venvs, { recursive: true });
  let r = run(python, ['-m', 'venv', dir], { timeout: 120_000 });
  if (r.code !== 0) return { error: `venv: ${tail(r.stderr, 3)}` };
  r = run(bin, ['-m', 'pip', 'install', '-q', '--disable-pip-version-check', '--prefer-binary', ...spec.args], { timeout: 1_800_000 });
  if (r.code !== 0) {
    const err = `pip install failed${r.error ? ` (${r.error.code ?? r.error.message})` : ''}: ${tail(r.stderr || r.stdout, 4)}`;
    rmSync(dir, { recursive: true, force: true });
    return { error: err };
  }
  writeFileSync(join(dir, '.installed'), `${spec.args.join(' ')}\n`);
  return { python: bin, dir, cached: false };
}

/** Module name of a changed file: under a recipe root, else above its topmost package. */
function moduleOf(tree, rel, roots) {
  if (!rel.endsWith('.py')) return null;
  let root = null;
  for (const r of roots ?? []) if ((r === '.' || rel.startsWith(`${r}/`)) && (root === null || r.length > root.length)) root = r;
  let modRel;
  if (root !== null) modRel = root === '.' ? rel : rel.slice(root.length + 1);
  else {
    let dir = dirname(rel);
    while (dir !== '.' && existsSync(join(tree, dir, '__init__.py'))) dir = dirname(dir);
    root = dir;
    modRel = dir === '.' ? rel : rel.slice(dir.length + 1);
  }
  const mod = modRel.replace(/\.py$/, '').replace(/\/__init__$/, '').split('/').join('.');
  return { module: mod, root, file: rel };
}

const IMPORT_CHECK = `
import importlib, json, os, sys, traceback
root = os.path.realpath(sys.argv[1])
res = {}
for m in sys.argv[2:]:
    try:
        importlib.import_module(m)
        res[m] = None
    except BaseException as e:
        where = ''
        for fr in reversed(traceback.extract_tb(e.__traceback__)):
            if fr.filename.startswith('<'):
                continue
            f = os.path.realpath(fr.filename)
            if f.startswith(root + os.sep):
                where = f'{os.path.relpath(f, root)}:{fr.lineno}: {(fr.line or "").strip()[:160]}'
                break
        msg = str(e).splitlines()[0] if str(e) else ''
        res[m] = {'error': f'{type(e).__name__}: {msg}'[:300], 'where': where}
print('@@RESULT@@' + json.dumps(res))
`;

function importCheck(python, tree, mods, recipe, env) {
  if (!mods.length) return { results: {} };
  const roots = [...new Set(mods.map((m) => m.root))];
  const r = run(python, ['-c', IMPORT_CHECK, tree, ...mods.map((m) => m.module)], {
    cwd: join(tree, recipe.cwd ?? '.'),
    env: { ...process.env, ...env, PYTHONPATH: roots.map((x) => join(tree, x)).join(':'), PYTHONDONTWRITEBYTECODE: '1' },
    timeout: 300_000,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@RESULT@@'));
  if (!line) return { error: `import check did not finish (exit ${r.code}${r.error ? `, ${r.error.code ?? r.error.message}` : ''}): ${tail(r.stderr, 4)}` };
  return { results: JSON.parse(line.slice('@@RESULT@@'.length)) };
}

function fill(value, vars) {
  if (typeof value === 'string') return value.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  if (Array.isArray(value)) return value.map((v) => fill(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fill(v, vars)]));
  return value;
}

/** Runs a command with a time bound; the child is stopped by its PID when the bound passes. */
function runBounded(cmd, args, options, timeoutMs) {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      stopChild(child);
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      resolveRun({ code: null, stdout, stderr: `${stderr}\n${e.message}`, timedOut });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, stdout, stderr, timedOut });
    });
  });
}

let signalPid = () => false;

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  signalPid(child.pid, 'SIGTERM');
  setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) signalPid(child.pid, 'SIGKILL');
  }, 5000).unref();
}

async function startCheck(cluster, pgClient, python, tree, recipe, phase, tag) {
  const s = recipe.start;
  const db = `raw_${tag}_${phase}`.toLowerCase().replace(/[^a-z0-9_]/g, '_').slice(0, 60);
  const admin = new pgClient({ host: '127.0.0.1', port: cluster.pgPort, user: 'postgres', database: 'postgres' });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${db}`);
    if (s.db !== 'none') await admin.query(`create database ${db} owner ${cluster.user}`);
  } finally {
    await admin.end();
  }
  if (s.adminSql?.length) {
    // What an app's README has a superuser run first (CREATE EXTENSION ...).
    const su = new pgClient({ host: '127.0.0.1', port: cluster.pgPort, user: 'postgres', database: db });
    await su.connect();
    try {
      for (const q of s.adminSql) await su.query(q);
    } finally {
      await su.end();
    }
  }
  const vars = { python, host: '127.0.0.1', port: cluster.pgPort, db, user: cluster.user, password: cluster.password, url: `postgresql://${cluster.user}:${cluster.password}@127.0.0.1:${cluster.pgPort}/${db}` };
  if (s.sql?.length) {
    const c = new pgClient({ host: '127.0.0.1', port: cluster.pgPort, user: cluster.user, password: cluster.password, database: db });
    await c.connect();
    try {
      for (const f of s.sql) await c.query(readFileSync(join(tree, f), 'utf8'));
    } finally {
      await c.end();
    }
  }
  for (const [f, text] of Object.entries(recipe.files ?? {})) writeFileSync(join(tree, f), fill(text, vars));
  const env = { ...process.env, ...fill(s.env ?? {}, vars), PYTHONPATH: (recipe.roots ?? ['.']).map((x) => join(tree, x)).join(':'), PYTHONDONTWRITEBYTECODE: '1' };
  const cwd = join(tree, s.cwd ?? recipe.cwd ?? '.');
  const log = [];
  for (const [i, step] of (s.steps ?? []).entries()) {
    const [cmd, ...args] = fill(step.cmd, vars);
    const r = await runBounded(cmd, args, { cwd, env }, (step.timeout ?? 60) * 1000);
    log.push(`step ${i + 1}: exit ${r.code}${r.timedOut ? ' (timed out)' : ''}`);
    if (r.code !== 0 || (step.expect && !new RegExp(step.expect).test(r.stdout + r.stderr))) {
      const label = step.cmd.slice(1).join(' ').replace(/\s+/g, ' ').slice(0, 60);
      return { ok: false, detail: `step ${i + 1} (${label}) ${r.timedOut ? 'timed out' : `exit ${r.code}`}${step.expect ? `, expected /${step.expect}/` : ''}: ${tail(r.stderr || r.stdout, 5)}` };
    }
  }
  let responses = null;
  if (s.server) {
    const port = await cluster.freePort();
    const v = { ...vars, httpPort: port };
    const [cmd, ...args] = fill(s.server.cmd, v);
    const child = spawn(cmd, args, { cwd, env: { ...env, ...fill(s.server.env ?? {}, v) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    try {
      const deadline = Date.now() + (s.server.timeout ?? 60) * 1000;
      let up = false;
      while (!up && Date.now() < deadline && child.exitCode === null) {
        try {
          await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(2000) });
          up = true;
        } catch {
          await new Promise((r) => setTimeout(r, 300));
        }
      }
      if (!up) return { ok: false, detail: `${child.exitCode !== null ? `server exited (${child.exitCode})` : `server did not answer within ${s.server.timeout ?? 60} s`}: ${tail(out, 6)}` };
      responses = [];
      for (const path of s.server.get ?? []) {
        try {
          const res = await fetch(`http://127.0.0.1:${port}${path}`, { signal: AbortSignal.timeout(15000) });
          responses.push({ path, status: res.status, body: (await res.text()).slice(0, 2000) });
        } catch (e) {
          responses.push({ path, status: 0, body: String(e.message) });
        }
      }
      const bad = responses.filter((r) => r.status !== 200);
      if (bad.length) return { ok: false, responses, detail: `${bad.map((r) => `GET ${r.path} -> ${r.status}`).join(', ')}: ${tail(out, 8)}` };
    } finally {
      stopChild(child);
      await new Promise((r) => (child.exitCode !== null || child.signalCode !== null ? r() : child.once('close', r)));
    }
  }
  if (s.checkSql) {
    const c = new pgClient({ host: '127.0.0.1', port: cluster.pgPort, user: 'postgres', database: fill(s.checkDb ?? '{db}', vars) });
    await c.connect();
    try {
      const r = await c.query(s.checkSql);
      const v = r.rows[0] ? Object.values(r.rows[0])[0] : null;
      if (!v || v === '0' || v === 0) return { ok: false, detail: `check query found nothing: ${s.checkSql}` };
      log.push(`check: ${v}`);
    } catch (e) {
      return { ok: false, detail: `check query failed: ${e.message}` };
    } finally {
      await c.end();
    }
  }
  return { ok: true, responses, detail: log.join('; ') };
}

// ---------- main ----------

async function checkRepo(opts, data, recipe, workRoot, cluster, pgClient) {
  const out = { repo: data.repo, commit: data.commit, notes: [] };
  const gitDir = findGitDir(opts.mirrors, data.repo);
  if (!gitDir) return { ...out, error: `no mirror of ${data.repo} under ${opts.mirrors}` };
  if (run('git', ['--git-dir', gitDir, 'cat-file', '-e', `${data.commit}^{commit}`]).code !== 0) return { ...out, error: `commit ${data.commit} is not in the mirror` };
  const tag = data.repo.replace('/', '__');
  const base = join(workRoot, tag);
  rmSync(base, { recursive: true, force: true });
  const orig = join(base, 'before');
  const missing = { count: 0 };
  const err = extract(gitDir, data.commit, orig, missing);
  if (err) return { ...out, error: err };
  if (missing.count) out.notes.push(`${missing.count} file(s) absent from the mirror`);

  const counted = count(orig);
  out.importingFiles = counted.importingFiles.length;
  if (counted.unparsed.length) out.notes.push(`${counted.unparsed.length} Python file(s) do not parse with python3 (not counted)`);
  if (!counted.sites.length) return { ...out, raw: false };
  out.raw = true;
  const paths = data.paths?.length ? data.paths : ['.'];
  const dry = tool(opts, orig, ['asyncpg-to-psycopg', ...paths]);
  if (dry.note) out.notes.push(dry.note);
  const c = classify(counted.sites, dry.json);
  out.sites = c.sites;
  out.held = c.held;
  out.reasons = c.reasons;
  out.n = Object.fromEntries(['rewritten', 'unchanged', 'flagged', 'counted', 'missed'].map((k) => [k, c.sites.filter((s) => s.status === k).length]));
  out.n.found = c.sites.length;
  if (!opts.install) return out;

  // 3. --write on a copy, then imports (and start) before and after.
  const after = join(base, 'after');
  cpSync(orig, after, { recursive: true });
  const w = tool(opts, after, ['asyncpg-to-psycopg', ...paths, '--write', '--allow-dirty']);
  if (!w.json) return { ...out, error: `--write: ${w.note}` };
  const changed = (w.json.files ?? []).map((f) => f.path);
  out.changedFiles = changed.length;
  const skip = recipe.skipImports ? new RegExp(recipe.skipImports) : null;
  // Not importable by design: setup.py runs setuptools, an Alembic env.py needs Alembic's context.
  const script = (p) => /(^|\/)setup\.py$/.test(p) || (/(^|\/)env\.py$/.test(p) && existsSync(join(after, dirname(p), 'script.py.mako')));
  const mods = changed.filter((p) => !script(p)).map((p) => moduleOf(after, p, recipe.roots)).filter((m) => m && !(skip && skip.test(m.module)));
  out.modules = mods.map((m) => m.module);
  const version = recipe.python ?? '3.11';
  const python = pythonFor(version);
  if (!python) return { ...out, error: `no Python ${version} found (pyenv or PATH)` };
  const work = join(base, 'work');
  mkdirSync(work, { recursive: true });
  // Imports never reach a server: settings that need a URL get one on a closed port.
  const importVars = { host: '127.0.0.1', port: 1, db: 'unreachable', user: 'nobody', password: 'unused', url: 'postgresql://nobody:unused@127.0.0.1:1/unreachable' };
  const importEnv = fill(recipe.importEnv ?? recipe.start?.env ?? {}, importVars);
  for (const tree of [orig, after]) for (const [f, text] of Object.entries(recipe.files ?? {})) writeFileSync(join(tree, f), fill(text, importVars));
  out.phases = {};
  for (const [phase, tree] of [['before', orig], ['after', after]]) {
    const ph = (out.phases[phase] = {});
    mkdirSync(join(work, phase), { recursive: true });
    let spec;
    try {
      spec = installSpec(tree, recipe, join(work, phase));
    } catch (e) {
      ph.error = e.message;
      continue;
    }
    ph.asyncpgDeclared = /(^|[\s"'])asyncpg\b/im.test(spec.key);
    const t0 = Date.now();
    const v = venv(opts, python, spec);
    ph.installSecs = (Date.now() - t0) / 1000;
    if (v.error) {
      ph.error = v.error;
      continue;
    }
    ph.cached = v.cached;
    ph.asyncpgInstalled = run(v.python, ['-c', 'import asyncpg']).code === 0;
    // Files the write created (asyncpg_compat.py) exist only after it.
    const ic = importCheck(v.python, tree, mods.filter((m) => existsSync(join(tree, m.file))), recipe, importEnv);
    if (ic.error) ph.error = ic.error;
    ph.imports = ic.results ?? {};
    if (recipe.start && opts.start && cluster) {
      try {
        ph.start = await startCheck(cluster, pgClient, v.python, tree, recipe, phase, tag);
      } catch (e) {
        ph.start = { ok: false, detail: `harness: ${e.message}` };
      }
    }
  }
  // Verdicts: imports that worked before and fail after are wrong rewrites.
  const b = out.phases.before?.imports ?? {};
  const a = out.phases.after?.imports ?? {};
  out.importsChecked = Object.keys(a).filter((m) => m in b ? b[m] === null : true);
  out.importFailures = out.importsChecked.filter((m) => a[m] !== null).map((m) => ({ module: m, ...a[m], newModule: !(m in b) }));
  out.importsBeforeFailing = Object.keys(b).filter((m) => b[m] !== null).map((m) => ({ module: m, ...b[m] }));
  return out;
}

function fmtReasons(rs, n = 3) {
  return rs.slice(0, n).map(([k, v]) => `${k} (${v})`).join('; ');
}

function importCell(r) {
  if (!r.phases) return 'not run';
  const errs = ['before', 'after'].map((p) => r.phases[p]?.error).filter(Boolean);
  if (errs.length && !Object.keys(r.phases.after?.imports ?? {}).length) return `not checked (${errs[0].slice(0, 80)})`;
  const total = r.importsChecked.length;
  const bad = r.importFailures.length;
  const skipped = r.importsBeforeFailing.length;
  return `${bad ? `**${total - bad} of ${total}**` : `${total} of ${total}`}${skipped ? ` (${skipped} fail before too)` : ''}`;
}

function startCell(r, recipe) {
  if (!recipe.start) return `not attempted: ${recipe.noStart ?? 'no start recipe'}`;
  if (!r.phases) return 'not run';
  const b = r.phases?.before?.start;
  const a = r.phases?.after?.start;
  if (!a) return 'not run';
  // Each phase loads its data afresh: timestamps written by NOW() differ and are not compared.
  const ts = (t) => t.replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?/g, '<timestamp>');
  const same = a.responses && b?.responses ? a.responses.every((x, i) => b.responses[i] && x.status === b.responses[i].status && ts(x.body) === ts(b.responses[i].body)) : null;
  return `${a.ok ? 'ok' : '**fails**'} (before: ${b?.ok ? 'ok' : 'fails'}${same === null ? '' : same ? ', same responses' : ', responses differ'})`;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(opts.cli)) usage(`CLI not found: ${opts.cli} (run npm run build)`);
  if (!existsSync(opts.mirrors) || !statSync(opts.mirrors).isDirectory()) usage(`not a folder: ${opts.mirrors}`);
  const recipes = existsSync(opts.recipes) ? JSON.parse(readFileSync(opts.recipes, 'utf8')).repos ?? {} : {};
  let files = readdirSync(opts.data).filter((f) => f.endsWith('.json')).sort();
  if (opts.only.length) files = files.filter((f) => opts.only.some((o) => f.includes(o.replace('/', '__'))));
  const datas = files.map((f) => JSON.parse(readFileSync(join(opts.data, f), 'utf8'))).filter((d) => d.kind !== 'js');
  const workRoot = opts.tmp ?? mkdtempSync(join(tmpdir(), 'raw-corpus-'));
  mkdirSync(workRoot, { recursive: true });

  let cluster = null;
  let pgClient = null;
  const wantsStart = opts.install && opts.start && datas.some((d) => recipes[d.repo]?.start);
  const results = [];
  try {
    if (wantsStart) {
      const support = await import('../test/support/cluster.mjs');
      signalPid = support.signalPid;
      pgClient = (await import('pg')).default.Client;
      const cl = await support.startCluster([], {});
      cluster = { ...cl, user: support.APP_USER, password: support.APP_PASSWORD, freePort: support.freePort };
      secrets.add(support.APP_PASSWORD);
      // Some start paths create their own database (metricity's create script).
      const admin = new pgClient({ host: '127.0.0.1', port: cl.pgPort, user: 'postgres', database: 'postgres' });
      await admin.connect();
      await admin.query(`alter role ${support.APP_USER} createdb`);
      await admin.end();
    }
    for (const data of datas) {
      const recipe = recipes[data.repo] ?? {};
      const t0 = Date.now();
      let r;
      try {
        r = await checkRepo(opts, data, recipe, workRoot, cluster, pgClient);
      } catch (e) {
        r = { repo: data.repo, commit: data.commit, error: e.message, notes: [] };
      }
      r.secs = (Date.now() - t0) / 1000;
      results.push(r);
      if (r.raw === false) continue;
      say(`\n## ${r.repo} @ ${String(r.commit).slice(0, 12)} (${r.secs.toFixed(0)} s)`);
      if (r.error) say(`  ERROR: ${r.error}`);
      for (const n of r.notes) say(`  note: ${n}`);
      if (!r.n) continue;
      say(`  sites: ${r.n.found} found, ${r.n.rewritten} rewritten, ${r.n.unchanged} valid psycopg as they are, ${r.n.flagged} flagged, ${r.n.counted} only counted in a file follow-up, ${r.n.missed} missed; held back: ${r.held ? 'yes' : 'no'}`);
      if (r.reasons.length) say(`  reasons: ${fmtReasons(r.reasons, 5)}`);
      for (const s of r.sites) if (opts.verbose || s.status === 'missed') say(`   ${s.status.padEnd(9)} ${s.file}:${s.line} ${s.receiver}.${s.method} <${s.evidence}>${opts.verbose && s.why ? `  ${s.why.slice(0, 100)}` : ''}`);
      if (!r.phases) continue;
      say(`  --write changed ${r.changedFiles} file(s); modules imported: ${r.modules.join(', ') || '(none)'}`);
      for (const p of ['before', 'after']) {
        const ph = r.phases[p];
        if (!ph) continue;
        say(`  ${p}: ${ph.error ? `ERROR ${ph.error}` : `venv ${ph.cached ? 'cached' : `installed in ${ph.installSecs.toFixed(0)} s`}, asyncpg declared ${ph.asyncpgDeclared ? 'yes' : 'no'}, importable ${ph.asyncpgInstalled ? 'yes' : 'no'}`}`);
        if (ph.start) say(`    start: ${ph.start.ok ? 'ok' : 'FAILED'}${ph.start.detail ? ` (${ph.start.detail})` : ''}`);
        if (ph.start?.responses && opts.verbose) for (const x of ph.start.responses) say(`      GET ${x.path} -> ${x.status} ${x.body.slice(0, 160)}`);
      }
      for (const f of r.importsBeforeFailing) say(`  import fails before the write too: ${f.module}: ${f.error}${f.where ? ` at ${f.where}` : ''}`);
      for (const f of r.importFailures) say(`  WRONG REWRITE? ${f.module} imports before the write, fails after: ${f.error}${f.where ? ` at ${f.where}` : ''}`);
    }
  } finally {
    cluster?.stop();
    if (!opts.tmp) rmSync(workRoot, { recursive: true, force: true });
  }

  say('\n## Summary\n');
  say('| repo | commit | found | rewritten | unchanged | flagged | counted only | missed | held back | top reasons | imports ok after --write | starts |');
  say('|---|---|---:|---:|---:|---:|---:|---:|---|---|---|---|');
  for (const r of results.filter((x) => x.raw !== false)) {
    const recipe = recipes[r.repo] ?? {};
    if (!r.n) {
      say(`| ${r.repo} | ${String(r.commit).slice(0, 12)} | error: ${String(r.error).slice(0, 80)} | | | | | | | | | |`);
      continue;
    }
    say(`| ${r.repo} | ${String(r.commit).slice(0, 12)} | ${r.n.found} | ${r.n.rewritten} | ${r.n.unchanged} | ${r.n.flagged} | ${r.n.counted} | ${r.n.missed} | ${r.held ? 'yes' : 'no'} | ${fmtReasons(r.reasons, 2) || '-'} | ${importCell(r)} | ${startCell(r, recipe)} |`);
  }
  const none = results.filter((x) => x.raw === false);
  if (none.length) say(`\nNo raw asyncpg call sites: ${none.map((x) => `${x.repo}${x.importingFiles ? ` (imports asyncpg in ${x.importingFiles} file(s))` : ''}`).join(', ')}.`);
  const wrong = results.flatMap((r) => (r.importFailures ?? []).map((f) => `${r.repo}: ${f.module}: ${f.error}${f.where ? ` at ${f.where}` : ''}`));
  const startWrong = results.filter((r) => r.phases?.before?.start?.ok && r.phases?.after?.start && !r.phases.after.start.ok).map((r) => `${r.repo}: ${r.phases.after.start.detail}`);
  say(`\nWrong rewrites (imports or starts before --write, not after): ${wrong.length + startWrong.length ? '' : 'none'}`);
  for (const w of [...wrong, ...startWrong]) say(`- ${w}`);
  if (opts.out) writeFileSync(opts.out, mask(`${JSON.stringify(results, null, 2)}\n`));
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stderr.write(`raw-corpus: ${mask(e.stack ?? e.message)}\n`);
    process.exitCode = 1;
  },
);
