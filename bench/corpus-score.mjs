#!/usr/bin/env node
// Regression corpus scorer: re-runs the codemods and the audit on real public repositories and scores them
// against the expectations in bench/corpus/*.json (Python) or bench/corpus-js/*.json (JS/TS, --data).
//
//   node bench/corpus-score.mjs <mirrors-folder> [--cli bin/migrate-driver.js] [--only NAME] [--out DIR]
//                               [--tmp DIR] [--tol N] [--no-write] [--verbose] [--data DIR]
//
// <mirrors-folder> holds one bare git directory per repository, found as the first of
//   <owner>+<name>/repo, <owner>+<name>, <owner>/<name>, <owner>__<name>, <name>   (".git" suffix allowed)
// Each repository is checked out at its recorded commit into a temporary folder (never into this project),
// committed there so the dirty-tree guard is satisfied, and the built CLI is run on it:
//   asyncpg-to-psycopg --json, pooler-safe --json, audit --json, then asyncpg-to-psycopg --write, a compile check
//   of the changed Python files, and a second dry run (idempotence).
// Scores, per touch point: changed | flagged | missed; per mustNot entry: wrong when the tool did it;
// per audit expectation: found, missing, false safe (reported "never" where the code really prepares).
//
// A data file with "kind": "js" is scored in JS mode: only `pooler-safe --json` and `audit --json` run (touch
// points default to pooler-safe), `verify --json` is timed against a closed loopback port, and the write check is
// `pooler-safe --write`, a parse check of the changed JS/TS files (TypeScript's parser, when it can be loaded from
// this project), a second dry run (idempotence) and a second audit (a site whose reading changed although its
// file only received TODO markers: the tool read its own marker as configuration). Audit expectations may add
// "count" (sites expected within the tolerance; more is a duplicate) and "resolvable": true (the value can be
// read statically, so "unknown" is a defect). mustNot entries of kind "flag"/"any" that hit are false alarms.
// Plain Node ESM, no dependencies. Always exits 0 unless the arguments are wrong.

import { createRequire } from 'node:module';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extract, findGitDir, run } from './corpus-checkout.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const CODEMODS = ['asyncpg-to-psycopg', 'pooler-safe'];
const JS_CODEMODS = ['pooler-safe'];
/** A loopback port that nothing listens on: verify fails fast to connect, so its time is the static part. */
const CLOSED_URL = 'postgresql://corpus:corpus@127.0.0.1:1/corpus';
const isJs = (data) => data.kind === 'js';
const codemodsOf = (data) => (isJs(data) ? JS_CODEMODS : CODEMODS);
const defaultCodemod = (data) => (isJs(data) ? 'pooler-safe' : 'asyncpg-to-psycopg');

function parseArgs(argv) {
  const opts = {
    mirrors: null,
    cli: resolve(here, '..', 'bin', 'migrate-driver.js'),
    only: [],
    out: null,
    tmp: null,
    tol: 2,
    write: true,
    verbose: false,
    data: join(here, 'corpus'),
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === '--cli') opts.cli = resolve(next());
    else if (a === '--only') opts.only.push(next());
    else if (a === '--out') opts.out = resolve(next());
    else if (a === '--tmp') opts.tmp = resolve(next());
    else if (a === '--tol') opts.tol = Number(next());
    else if (a === '--data') opts.data = resolve(next());
    else if (a === '--no-write') opts.write = false;
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
  if (msg) process.stderr.write(`corpus-score: ${msg}\n`);
  process.stderr.write(
    'usage: node bench/corpus-score.mjs <mirrors-folder> [--cli PATH] [--only owner__name] [--out DIR] [--tmp DIR] [--tol N] [--no-write] [--verbose] [--data DIR]\n',
  );
  process.exit(2);
}

function cli(opts, cwd, args) {
  const r = run(process.execPath, [opts.cli, ...args], { cwd, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  let json = null;
  let jsonError = null;
  if (args.includes('--json')) {
    try {
      json = JSON.parse(r.stdout);
    } catch (e) {
      jsonError = `invalid JSON (exit ${r.code}): ${e.message}; stderr: ${r.stderr.trim().slice(0, 300)}`;
    }
  }
  return { ...r, json, jsonError };
}

/** Hunk bodies whose line counts disagree with their @@ header, e.g. a `-` line whose `+` twin was lost. */
function malformedHunks(diff) {
  const bad = [];
  const lines = diff.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(lines[i]);
    if (!m) continue;
    let oldLeft = m[2] === undefined ? 1 : Number(m[2]);
    let newLeft = m[4] === undefined ? 1 : Number(m[4]);
    let j = i + 1;
    for (; j < lines.length && (oldLeft > 0 || newLeft > 0); j++) {
      const l = lines[j];
      if (l.startsWith('\\')) continue;
      if (l.startsWith('@@') || l.startsWith('diff --git')) break;
      if (l.startsWith('-')) oldLeft--;
      else if (l.startsWith('+')) newLeft--;
      else {
        oldLeft--;
        newLeft--;
      }
    }
    if (oldLeft !== 0 || newLeft !== 0) bad.push(`hunk at -${m[1]} (old ${oldLeft}, new ${newLeft} left over)`);
  }
  return bad;
}

const MARKER_KINDS = new Set(['todo-marker']);

function collect(json) {
  const edits = [];
  const followUps = [];
  const malformed = [];
  if (!json) return { edits, followUps, malformed };
  for (const f of json.files ?? []) {
    for (const e of f.edits ?? []) edits.push({ path: f.path, line: e.line, kind: e.kind, description: e.description ?? '' });
    if (typeof f.diff === 'string') for (const b of malformedHunks(f.diff)) malformed.push(`${f.path}: ${b}`);
  }
  for (const u of json.followUps ?? []) followUps.push({ path: u.path, line: u.line, rule: u.rule, message: u.message ?? '' });
  return { edits, followUps, malformed };
}

const norm = (p) => p.replace(/^\.\//, '');
const near = (a, b, tol) => typeof a === 'number' && typeof b === 'number' && Math.abs(a - b) <= tol;

function matches(item, tp, tol) {
  if (norm(item.path) !== norm(tp.file)) return false;
  const lines = tp.lines ?? (tp.line === undefined || tp.line === null ? null : [tp.line]);
  if (!lines) return true; // whole-file expectation
  return lines.some((l) => near(item.line, l, tp.tol ?? tol));
}

function descOk(item, tp) {
  if (tp.kind && item.kind !== undefined && item.kind !== tp.kind) return false;
  if (tp.match && !new RegExp(tp.match, 'i').test(`${item.kind ?? ''} ${item.description ?? item.message ?? ''}`)) return false;
  return true;
}

function scoreTouchPoint(tp, results, tol, forbidden = () => false) {
  const r = results[tp.codemod ?? 'asyncpg-to-psycopg'];
  if (!r) return { status: 'missed', evidence: 'no result for that codemod' };
  const edits = r.edits.filter((e) => matches(e, tp, tol) && descOk(e, tp) && !forbidden(e, tp));
  const real = edits.filter((e) => !MARKER_KINDS.has(e.kind));
  const markers = edits.filter((e) => MARKER_KINDS.has(e.kind));
  const fus = r.followUps.filter((u) => matches(u, tp, tol) && (!tp.match || descOk(u, tp)));
  if (real.length) return { status: 'changed', evidence: real.map((e) => `${e.kind}@${e.line}`).join(', ') };
  if (markers.length || fus.length)
    return { status: 'flagged', evidence: [...markers.map((e) => `marker@${e.line}`), ...fus.map((u) => `follow-up@${u.line}`)].join(', ') };
  return { status: 'missed', evidence: '' };
}

function scoreMustNot(mn, results, tol) {
  const r = results[mn.codemod ?? 'asyncpg-to-psycopg'];
  if (!r) return { wrong: false };
  const t = { ...mn, tol: mn.tol ?? 0 };
  const edits = r.edits.filter((e) => matches(e, t, tol) && descOk(e, t));
  let hits;
  if (mn.mustNot === 'any') hits = [...edits, ...r.followUps.filter((u) => matches(u, t, tol))];
  else if (mn.mustNot === 'flag') hits = [...edits.filter((e) => MARKER_KINDS.has(e.kind)), ...r.followUps.filter((u) => matches(u, t, tol))];
  else hits = edits.filter((e) => !MARKER_KINDS.has(e.kind));
  return { wrong: hits.length > 0, evidence: hits.map((h) => `${h.kind ?? h.rule}@${h.line}: ${(h.description ?? h.message ?? '').slice(0, 90)}`).join('; ') };
}

const NAMED = new Set(['named-immediately', 'named-after', 'named-unique']);

function scoreAudit(exp, sites, tol) {
  const found = sites.filter((s) => matches(s, exp, tol));
  if (!found.length) return { status: 'missing', kind: '' };
  const kinds = found.map((s) => s.policy?.kind ?? '?');
  const kind = kinds.join('/');
  // Optional (JS data): more sites than expected for one client, or "unknown" where the value can be read.
  const extra = {
    duplicate: typeof exp.count === 'number' && found.length > exp.count,
    unknown: exp.resolvable === true && kinds.includes('unknown'),
    sitesFound: found.length,
  };
  if (exp.prepares === true && kinds.includes('never')) return { status: 'false-safe', kind, ...extra };
  if (exp.prepares === false && kinds.some((k) => NAMED.has(k))) return { status: 'false-unsafe', kind, ...extra };
  return { status: 'found', kind, ...extra };
}

/** TypeScript's parser from this project's dependencies, when it is installed (JS mode parse check). */
let tsParser;
function loadTs() {
  if (tsParser !== undefined) return tsParser;
  try {
    tsParser = createRequire(join(here, '..', 'package.json'))('typescript');
  } catch {
    tsParser = null;
  }
  return tsParser;
}

const JS_EXT = /\.(?:[cm]?[jt]sx?)$/;

/** Changed JS/TS files that no longer parse (syntax diagnostics only). */
function jsParseCheck(root, rels) {
  const ts = loadTs();
  if (!ts) return { bad: [], checked: false };
  const bad = [];
  for (const rel of rels.filter((p) => JS_EXT.test(p))) {
    let text;
    try {
      text = readFileSync(join(root, rel), 'utf8');
    } catch {
      continue;
    }
    const kind = /\.tsx$/.test(rel) ? ts.ScriptKind.TSX : /\.[cm]?ts$/.test(rel) ? ts.ScriptKind.TS : /\.jsx$/.test(rel) ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
    const sf = ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, true, kind);
    const d = sf.parseDiagnostics?.[0];
    if (d) bad.push(`${rel}:${sf.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`);
  }
  return { bad, checked: true };
}

/** Sites whose settings or policy changed between two audits, in files that only received TODO markers. */
function markerReadings(before, after, markerOnlyFiles) {
  const out = [];
  for (const file of markerOnlyFiles) {
    const a = before.filter((s) => s.path === file);
    const b = after.filter((s) => s.path === file);
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const was = `${a[i].policy?.kind} ${(a[i].settings ?? []).join('; ')}`;
      const now = `${b[i].policy?.kind} ${(b[i].settings ?? []).join('; ')}`;
      if (was !== now) out.push(`${file}:${a[i].line} [${a[i].driver}] "${was}" -> "${now}"`);
    }
  }
  return out;
}

function loc(t) {
  const lines = t.lines ?? (t.line === undefined || t.line === null ? null : [t.line]);
  return `${t.file}:${lines ? lines[0] : '*'}${lines && lines.length > 1 ? ` (+${lines.length - 1})` : ''}`;
}

function pad(s, n) {
  s = String(s);
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function listPy(root, rels) {
  return rels.filter((p) => p.endsWith('.py') || p.endsWith('.pyi')).map((p) => join(root, p));
}

function compileCheck(files) {
  if (!files.length) return [];
  const py = run('python3', ['-c', 'import sys,ast\nbad=[]\nfor f in sys.argv[1:]:\n  try:\n    ast.parse(open(f,"rb").read(), f)\n  except SyntaxError as e:\n    bad.append(f"{f}:{e.lineno}: {e.msg}")\nprint("\\n".join(bad))', ...files]);
  if (py.error || py.code === null) return [];
  return py.stdout.split('\n').filter(Boolean);
}

function scoreRepo(opts, data, workRoot) {
  const out = { repo: data.repo, commit: data.commit, kind: data.kind ?? '', description: data.description ?? '', error: null, tps: [], wrong: [], audit: [], notes: [] };
  const gitDir = findGitDir(opts.mirrors, data.repo);
  if (!gitDir) return { ...out, error: `no mirror of ${data.repo} under ${opts.mirrors}` };
  if (run('git', ['--git-dir', gitDir, 'cat-file', '-e', `${data.commit}^{commit}`]).code !== 0)
    return { ...out, error: `commit ${data.commit} is not in the mirror ${gitDir}` };
  const dest = join(workRoot, data.repo.replace('/', '__'));
  rmSync(dest, { recursive: true, force: true });
  const missing = { count: 0 };
  const err = extract(gitDir, data.commit, dest, missing);
  if (err) return { ...out, error: err };
  if (missing.count) out.notes.push(`${missing.count} file(s) absent from the mirror (large blobs); scored without them`);

  const paths = data.paths?.length ? data.paths : ['.'];
  const results = {};
  const raw = {};
  const codemods = codemodsOf(data);
  for (const cm of codemods) {
    let r = cli(opts, dest, [cm, ...paths, '--json']);
    if (r.jsonError) {
      out.notes.push(`${cm}: --json output is not valid JSON (${r.jsonError.slice(0, 160)}); scored from a --show-secrets run`);
      out.invalidJson = (out.invalidJson ?? 0) + 1;
      r = cli(opts, dest, [cm, ...paths, '--json', '--show-secrets']);
      if (r.jsonError) out.notes.push(`${cm}: ${r.jsonError}`);
    } else if (r.code !== 0) out.notes.push(`${cm}: exit ${r.code}`);
    raw[cm] = r.json ?? { stdout: r.stdout, stderr: r.stderr };
    results[cm] = collect(r.json);
    for (const m of results[cm].malformed) out.notes.push(`${cm}: malformed diff: ${m}`);
    out.skipped = (out.skipped ?? []).concat((r.json?.skipped ?? []).map((s) => `${cm}: skipped ${s.path}: ${s.reason}`));
  }
  const tAudit = Date.now();
  let au = cli(opts, dest, ['audit', ...paths, '--json']);
  if (isJs(data)) out.auditSecs = (Date.now() - tAudit) / 1000;
  if (au.jsonError) {
    out.notes.push(`audit: --json output is not valid JSON (${au.jsonError.slice(0, 160)}); scored from a --show-secrets run`);
    out.invalidJson = (out.invalidJson ?? 0) + 1;
    au = cli(opts, dest, ['audit', ...paths, '--json', '--show-secrets']);
    if (au.jsonError) out.notes.push(`audit: ${au.jsonError}`);
  }
  raw.audit = au.json ?? { stdout: au.stdout, stderr: au.stderr };
  const sites = au.json?.sites ?? [];
  out.sites = sites.length;
  out.sitesNever = sites.filter((s) => s.policy?.kind === 'never').length;
  if (isJs(data)) {
    // verify = audit + live probes; against a closed port the probes fail at once, so this is the static cost.
    const tVerify = Date.now();
    const v = cli(opts, dest, ['verify', ...paths, '--json', '--url', CLOSED_URL]);
    out.verifySecs = (Date.now() - tVerify) / 1000;
    if (v.jsonError) out.notes.push(`verify: ${v.jsonError.slice(0, 200)}`);
    raw.verify = v.json ?? { stdout: v.stdout, stderr: v.stderr };
  }

  // JS data: entries without a codemod belong to pooler-safe (the only codemod run there).
  const withCm = (e) => ({ ...e, codemod: e.codemod ?? defaultCodemod(data) });
  // JS data: an edit that a mustNot "change" entry forbids (e.g. a stripped conditional name) does not handle a
  // touch point; it is counted once, as wrong.
  const forbidden = (e, tp) =>
    isJs(data) && !MARKER_KINDS.has(e.kind) && (data.mustNot ?? []).some((mn) => (mn.mustNot ?? 'change') === 'change' && withCm(mn).codemod === tp.codemod && matches(e, { ...mn, tol: mn.tol ?? 0 }, opts.tol));
  for (const tp of data.touchPoints ?? []) out.tps.push({ ...withCm(tp), ...scoreTouchPoint(withCm(tp), results, opts.tol, forbidden) });
  for (const mn of data.mustNot ?? []) out.wrong.push({ ...withCm(mn), ...scoreMustNot(withCm(mn), results, opts.tol) });
  for (const ex of data.audit ?? []) out.audit.push({ ...ex, ...scoreAudit(ex, sites, opts.tol) });

  // Edits the data file does not account for: neither an expected touch point nor a mustNot (for review).
  const accounted = (e, cm) =>
    (data.touchPoints ?? []).some((tp) => (tp.codemod ?? defaultCodemod(data)) === cm && matches(e, tp, opts.tol)) ||
    (data.mustNot ?? []).some((mn) => (mn.codemod ?? defaultCodemod(data)) === cm && matches(e, { ...mn, tol: mn.tol ?? 0 }, opts.tol)) ||
    (data.ignore ?? []).some((ig) => (ig.codemod ?? cm) === cm && matches(e, ig, opts.tol));
  out.unaccounted = {};
  for (const cm of codemods) out.unaccounted[cm] = results[cm].edits.filter((e) => !accounted(e, cm)).map((e) => `${e.path}:${e.line} ${e.kind}`);

  if (opts.write && isJs(data)) {
    const w = cli(opts, dest, ['pooler-safe', ...paths, '--write', '--json', '--show-secrets']);
    if (w.jsonError || w.code !== 0) out.notes.push(`--write: exit ${w.code}${w.jsonError ? `, ${w.jsonError}` : ''}`);
    const files = w.json?.files ?? [];
    const { bad, checked } = jsParseCheck(dest, files.map((f) => f.path));
    for (const b of bad) out.notes.push(`after --write, does not parse: ${b}`);
    out.syntaxErrors = bad.length;
    out.parseChecked = checked;
    if (!checked && files.some((f) => JS_EXT.test(f.path))) out.notes.push('parse check skipped: typescript could not be loaded from this project');
    const again = cli(opts, dest, ['pooler-safe', ...paths, '--json', '--show-secrets']);
    const n = again.json?.summary?.edits ?? (again.json?.files ?? []).reduce((a, f) => a + (f.edits?.length ?? 0), 0);
    out.secondRunEdits = again.json ? n : null;
    if (again.json && n > 0) out.notes.push(`not idempotent: a second run after --write still has ${n} edit(s)`);
    const markerOnly = files.filter((f) => (f.edits ?? []).length && (f.edits ?? []).every((e) => MARKER_KINDS.has(e.kind))).map((f) => f.path);
    if (markerOnly.length) {
      const au2 = cli(opts, dest, ['audit', ...paths, '--json', '--show-secrets']);
      out.markerReadings = markerReadings(sites, au2.json?.sites ?? [], markerOnly);
      for (const m of out.markerReadings) out.notes.push(`after --write, the audit reads the TODO marker as configuration: ${m}`);
    }
  } else if (opts.write) {
    const w = cli(opts, dest, ['asyncpg-to-psycopg', ...paths, '--write', '--json', '--show-secrets']);
    if (w.jsonError || w.code !== 0) out.notes.push(`--write: exit ${w.code}${w.jsonError ? `, ${w.jsonError}` : ''}`);
    const changed = (w.json?.files ?? []).map((f) => f.path);
    const bad = compileCheck(listPy(dest, changed));
    for (const b of bad) out.notes.push(`after --write, does not parse: ${b.replace(`${dest}/`, '')}`);
    out.syntaxErrors = bad.length;
    const again = cli(opts, dest, ['asyncpg-to-psycopg', ...paths, '--json', '--show-secrets']);
    const n = again.json?.summary?.edits ?? (again.json?.files ?? []).reduce((a, f) => a + (f.edits?.length ?? 0), 0);
    out.secondRunEdits = again.json ? n : null;
    if (again.json && n > 0) out.notes.push(`not idempotent: a second run after --write still has ${n} edit(s)`);
  }
  if (opts.out) {
    mkdirSync(opts.out, { recursive: true });
    writeFileSync(join(opts.out, `${data.repo.replace('/', '__')}.json`), `${JSON.stringify(raw, null, 2)}\n`);
  }
  rmSync(dest, { recursive: true, force: true });
  return out;
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  if (!existsSync(opts.cli)) usage(`CLI not found: ${opts.cli} (run npm run build)`);
  if (!existsSync(opts.mirrors) || !statSync(opts.mirrors).isDirectory()) usage(`not a folder: ${opts.mirrors}`);
  let files = readdirSync(opts.data).filter((f) => f.endsWith('.json')).sort();
  if (opts.only.length) files = files.filter((f) => opts.only.some((o) => f.includes(o.replace('/', '__'))));
  const workRoot = opts.tmp ?? mkdtempSync(join(tmpdir(), 'corpus-score-'));
  mkdirSync(workRoot, { recursive: true });

  const T = { repos: 0, tps: 0, changed: 0, flagged: 0, missed: 0, wrong: 0, mustNot: 0, audit: 0, falseSafe: 0, falseUnsafe: 0, auditMissing: 0, errors: 0, notes: 0 };
  const rows = [];
  // JS/TS rows also report false alarms, duplicate sites, readable values reported unknown and timings.
  const J = { repos: 0, alarms: 0, alarmChecks: 0, duplicates: 0, unknown: 0, auditSecs: 0, verifySecs: 0, maxVerify: 0 };
  const jsRows = [];
  for (const f of files) {
    const data = JSON.parse(readFileSync(join(opts.data, f), 'utf8'));
    const t0 = Date.now();
    const s = scoreRepo(opts, data, workRoot);
    const secs = ((Date.now() - t0) / 1000).toFixed(1);
    T.repos++;
    process.stdout.write(`\n## ${s.repo} @ ${String(s.commit).slice(0, 12)}  (${s.kind}${s.description ? `: ${s.description}` : ''}; ${secs}s)\n`);
    if (s.error) {
      T.errors++;
      process.stdout.write(`  ERROR: ${s.error}\n`);
      rows.push({ repo: s.repo, error: true });
      continue;
    }
    const c = { changed: 0, flagged: 0, missed: 0 };
    for (const tp of s.tps) {
      c[tp.status]++;
      process.stdout.write(
        `  ${pad(tp.status, 8)} ${pad(loc(tp), 58)} [${tp.codemod ?? 'asyncpg-to-psycopg'}] ${tp.what}${opts.verbose && tp.evidence ? `  <${tp.evidence}>` : ''}\n`,
      );
    }
    const jsRow = s.kind === 'js';
    // In JS data a mustNot "flag"/"any" entry that hits is a false alarm, not a wrong edit.
    const isAlarm = (w) => jsRow && (w.mustNot === 'flag' || w.mustNot === 'any');
    const wrong = s.wrong.filter((w) => w.wrong && !isAlarm(w));
    const alarms = s.wrong.filter((w) => w.wrong && isAlarm(w));
    for (const w of s.wrong)
      process.stdout.write(`  ${pad(w.wrong ? (isAlarm(w) ? 'ALARM' : 'WRONG') : 'ok', 8)} ${pad(loc(w), 58)} [${w.codemod ?? 'asyncpg-to-psycopg'}] must not ${w.mustNot}: ${w.why}${w.wrong && opts.verbose ? `  <${w.evidence}>` : ''}\n`);
    const fs = s.audit.filter((a) => a.status === 'false-safe');
    const miss = s.audit.filter((a) => a.status === 'missing');
    const tags = (a) => `${a.duplicate ? ` DUPLICATE(${a.sitesFound} sites)` : ''}${a.unknown ? ' UNKNOWN(readable)' : ''}`;
    for (const a of s.audit) process.stdout.write(`  ${pad(a.status === 'false-safe' ? 'FALSE-SAFE' : `audit:${a.status}`, 8)} ${pad(`${a.file}:${a.line}`, 58)} [audit ${a.kind || '-'}${tags(a)}] ${a.why ?? ''}\n`);
    for (const n of s.notes) process.stdout.write(`  note: ${n}\n`);
    if (opts.verbose) for (const k of s.skipped ?? []) process.stdout.write(`  ${k}\n`);
    if (opts.verbose) for (const cm of Object.keys(s.unaccounted)) for (const u of s.unaccounted[cm]) process.stdout.write(`  unscored edit [${cm}] ${u}\n`);
    const total = s.tps.length;
    const handled = c.changed + c.flagged;
    process.stdout.write(
      `  => ${total} touch points: ${c.changed} changed, ${c.flagged} flagged, ${c.missed} missed (handled ${total ? Math.round((100 * handled) / total) : 100}%); wrong ${wrong.length}/${s.wrong.length}; audit sites ${s.sites} (never: ${s.sitesNever}), false safe ${fs.length}, expected sites missing ${miss.length}\n`,
    );
    T.tps += total;
    T.changed += c.changed;
    T.flagged += c.flagged;
    T.missed += c.missed;
    T.wrong += wrong.length;
    T.mustNot += s.wrong.length;
    T.audit += s.audit.length;
    T.falseSafe += fs.length;
    T.auditMissing += miss.length;
    T.falseUnsafe += s.audit.filter((a) => a.status === 'false-unsafe').length;
    T.notes += s.notes.length;
    rows.push({ repo: s.repo, total, ...c, wrong: wrong.length, falseSafe: fs.length, notes: s.notes.length });
    if (jsRow) {
      const fu = s.audit.filter((a) => a.status === 'false-unsafe').length;
      const dup = s.audit.filter((a) => a.duplicate).length;
      const unk = s.audit.filter((a) => a.unknown).length;
      process.stdout.write(
        `  => js: false alarms ${alarms.length + fu} (${alarms.length} of ${s.wrong.filter(isAlarm).length} flag checks, ${fu} false unsafe); duplicate sites ${dup}; readable but unknown ${unk}; audit ${s.auditSecs?.toFixed(2)}s, verify ${s.verifySecs?.toFixed(2)}s\n`,
      );
      J.repos++;
      J.alarms += alarms.length + fu;
      J.alarmChecks += s.wrong.filter(isAlarm).length;
      J.duplicates += dup;
      J.unknown += unk;
      J.auditSecs += s.auditSecs ?? 0;
      J.verifySecs += s.verifySecs ?? 0;
      J.maxVerify = Math.max(J.maxVerify, s.verifySecs ?? 0);
      jsRows.push({ repo: s.repo, total, ...c, wrong: wrong.length, falseSafe: fs.length, alarms: alarms.length + fu, dup, unk, missing: miss.length, notes: s.notes.length, auditSecs: s.auditSecs ?? 0, verifySecs: s.verifySecs ?? 0 });
    }
  }
  if (!opts.tmp) rmSync(workRoot, { recursive: true, force: true });

  process.stdout.write('\n## Summary\n\n');
  process.stdout.write(`| repo | touch points | changed | flagged | missed | wrong | false safe | notes |\n|---|---:|---:|---:|---:|---:|---:|---:|\n`);
  for (const r of rows)
    process.stdout.write(
      r.error ? `| ${r.repo} | error | | | | | | |\n` : `| ${r.repo} | ${r.total} | ${r.changed} | ${r.flagged} | ${r.missed} | ${r.wrong} | ${r.falseSafe} | ${r.notes} |\n`,
    );
  const pct = T.tps ? ((100 * (T.changed + T.flagged)) / T.tps).toFixed(1) : '100.0';
  process.stdout.write(
    `\nTOTAL: ${T.repos} repos, ${T.tps} touch points: ${T.changed} changed, ${T.flagged} flagged, ${T.missed} missed; handled ${pct}%` +
      ` (changed ${T.tps ? ((100 * T.changed) / T.tps).toFixed(1) : '0.0'}%); wrong ${T.wrong} of ${T.mustNot} mustNot checks;` +
      ` audit: ${T.audit} expected sites, ${T.falseSafe} false safe, ${T.falseUnsafe} false unsafe, ${T.auditMissing} missing; ${T.notes} notes; ${T.errors} repo errors\n`,
  );
  if (jsRows.length) {
    process.stdout.write('\n## JS/TS details\n\n');
    process.stdout.write('| repo | touch points | changed | flagged | missed | wrong | false safe | false alarms | duplicate sites | unknown (readable) | sites missing | notes | audit s | verify s |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n');
    for (const r of jsRows)
      process.stdout.write(
        `| ${r.repo} | ${r.total} | ${r.changed} | ${r.flagged} | ${r.missed} | ${r.wrong} | ${r.falseSafe} | ${r.alarms} | ${r.dup} | ${r.unk} | ${r.missing} | ${r.notes} | ${r.auditSecs.toFixed(2)} | ${r.verifySecs.toFixed(2)} |\n`,
      );
    process.stdout.write(
      `\nJS TOTAL: ${J.repos} repos; false alarms ${J.alarms} (${J.alarmChecks} flag checks + audit false unsafe); duplicate sites ${J.duplicates}; readable but unknown ${J.unknown};` +
        ` audit ${J.auditSecs.toFixed(1)}s, verify ${J.verifySecs.toFixed(1)}s in all (slowest verify ${J.maxVerify.toFixed(2)}s)\n`,
    );
  }
  return 0;
}

process.exitCode = main();
