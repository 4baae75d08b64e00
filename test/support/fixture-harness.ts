import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parseAllDocuments } from 'yaml';
import { runCodemod, type RunResult } from '../../src/codemod/run.js';
import type { Codemod, CodemodOptions } from '../../src/codemod/types.js';
import { encodeSourceText } from '../../src/workspace/source-file.js';
import { firstSyntaxError, parsePython } from '../../src/languages/python/parser.js';

/**
 * jscodeshift's __testfixtures__ convention, with OpenRewrite's second cycle and LibCST's
 * expected warnings and skips:
 *   NAME.input.EXT / NAME.output.EXT   one file, placed as NAME.EXT (NAME alone when there is no EXT)
 *   NAME.expect.json                   {"followUps": ["substring", ...], "skipped": "reason substring", "created": ["path"],
 *                                       "options": {"placeholders": "percent"}}  (the codemod's command-line options)
 *   CASE/ (a folder)                   several such pairs run together (facts that span files)
 * A missing output file means "must stay byte-identical".
 */
export interface FixtureCase {
  name: string;
  files: { virtual: string; input: string; output: string | null }[];
  /** `created`: files the run adds (paths in the case's folder), each checked against what asked for it. */
  expect: { followUps?: string[]; skipped?: string; noFollowUps?: boolean; created?: string[]; options?: CodemodOptions };
}

const PAIR = /^(.+)\.input(\..+)?$/;

export function loadCases(dir: string): FixtureCase[] {
  const cases: FixtureCase[] = [];
  const filesIn = (d: string, name: string): FixtureCase => {
    const c: FixtureCase = { name, files: [], expect: {} };
    for (const f of fs.readdirSync(d).sort()) {
      const m = PAIR.exec(f);
      if (!m || fs.statSync(path.join(d, f)).isDirectory()) continue;
      const ext = m[2] ?? '';
      const out = path.join(d, `${m[1]}.output${ext}`);
      c.files.push({ virtual: `${m[1]}${ext}`, input: path.join(d, f), output: fs.existsSync(out) ? out : null });
      const exp = path.join(d, `${m[1]}.expect.json`);
      if (fs.existsSync(exp)) Object.assign(c.expect, JSON.parse(fs.readFileSync(exp, 'utf8')));
    }
    return c;
  };
  for (const f of fs.readdirSync(dir).sort()) {
    const p = path.join(dir, f);
    if (fs.statSync(p).isDirectory()) cases.push(filesIn(p, `${f}/`));
  }
  const single = filesIn(dir, '');
  for (const file of single.files) {
    const base = path.basename(file.input).replace(/\.input(\..+)?$/, '');
    const exp = path.join(dir, `${base}.expect.json`);
    cases.push({ name: file.virtual, files: [file], expect: fs.existsSync(exp) ? JSON.parse(fs.readFileSync(exp, 'utf8')) : {} });
  }
  return cases;
}

export interface CaseRun {
  first: RunResult;
  second: RunResult;
  /** Bytes after the first run, by virtual path. */
  after: Map<string, Buffer>;
  dir: string;
}

/** Places the inputs in a fresh folder, runs the codemod, writes its result, and runs it again. */
export async function runCase(base: Codemod<any>, c: FixtureCase): Promise<CaseRun> {
  if (c.expect.options && !base.withOptions) throw new Error(`${c.name}: ${base.name} takes no options`);
  const codemod = c.expect.options ? base.withOptions!(c.expect.options) : base;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-fixture-'));
  for (const f of c.files) {
    fs.mkdirSync(path.dirname(path.join(dir, f.virtual)), { recursive: true });
    fs.copyFileSync(f.input, path.join(dir, f.virtual));
  }
  const first = await runCodemod(codemod, { root: dir, paths: [dir] });
  for (const ch of first.changed) fs.writeFileSync(ch.source.abs, encodeSourceText(ch.source, ch.after));
  const after = new Map(c.files.map((f) => [f.virtual, fs.readFileSync(path.join(dir, f.virtual))]));
  const second = await runCodemod(codemod, { root: dir, paths: [dir] });
  return { first, second, after, dir };
}

/** Every changed file must still be valid in its own language. Returns problems, empty when fine. */
export async function validityProblems(dir: string, rels: string[]): Promise<string[]> {
  const problems: string[] = [];
  const py: string[] = [];
  for (const rel of rels) {
    const abs = path.join(dir, rel);
    const text = fs.readFileSync(abs, 'utf8').replace(/^\ufeff/, '');
    try {
      if (rel.endsWith('.py')) {
        const err = firstSyntaxError(await parsePython(text));
        if (err) problems.push(`${rel}: tree-sitter error at line ${err.line}`);
        py.push(abs);
      } else if (/\.ya?ml$/.test(rel)) {
        for (const d of parseAllDocuments(text) as { errors: unknown[] }[]) if (d.errors.length) problems.push(`${rel}: YAML error`);
      } else if (rel.endsWith('.toml') || /(^|\/)Pipfile$/.test(rel)) parseToml(text);
      else if (rel.endsWith('.json')) JSON.parse(text);
    } catch (err) {
      problems.push(`${rel}: ${String(err).split('\n')[0]}`);
    }
  }
  if (py.length) {
    const r = spawnSync('python3', ['-m', 'py_compile', ...py], { encoding: 'utf8', env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' } });
    if (r.status !== 0) problems.push(`py_compile: ${r.stderr.trim()}`);
  }
  return problems;
}
