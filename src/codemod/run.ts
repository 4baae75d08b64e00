import { parse as parseToml } from 'smol-toml';
import type * as Yaml from 'yaml';
import { applyEdits, effectiveEdits, OverlappingEditsError, type TextEdit } from '../edits/text-edit.js';
import { unifiedDiff } from '../edits/unified-diff.js';
import { expressionsStillParse, type ExpressionRange } from '../languages/js/expression-check.js';
import { parseJs } from '../languages/js/parser.js';
import { typescriptParsesCleanly } from '../languages/js/typescript-syntax.js';
import { firstSyntaxError, parsePython, type Tree } from '../languages/python/parser.js';
import { discover, settleDiscovery, type Skipped } from '../workspace/discover.js';
import { notAFile, readFiles } from '../workspace/read-files.js';
import { fileKind, type FileKind } from '../workspace/file-kinds.js';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { readSourceFile } from '../workspace/source-file.js';
import { lineNumber } from './layout.js';
import { markerInsertion, markerLines } from './markers.js';
import { codemodFilter, isRegistered } from './prefilter.js';
import { SkipFile, type Codemod, type FileContext, type FileOutcome, type FollowUp, type ScannedFile } from './types.js';

export interface RunOptions {
  root: string;
  paths: string[];
  include?: string[];
  exclude?: string[];
  onProgress?: (done: number, total: number) => void;
  /** Reading threads, this one included (default: from the cores and the number of files). */
  readThreads?: number;
}

export interface RunResult {
  codemod: string;
  root: string;
  /** Files whose text would change. */
  changed: FileOutcome[];
  skipped: Skipped[];
  followUps: FollowUp[];
  /** Lockfiles that mention the old driver: never edited, they need a re-lock. */
  relock: string[];
  /** About the run as a whole, from the codemod. */
  notes: string[];
  counts: { discovered: number; ignored: number; candidates: number; parsed: number };
}

/** CHANGELOG.md, HISTORY.rst, NEWS, RELEASE_NOTES.md...: past releases named the old driver truly. */
const RELEASE_HISTORY = /(^|\/)(change[-_ ]?log|changes|history|news|release[-_ ]?notes)(\.[a-z]+)?$/i;

export async function runCodemod<F>(codemod: Codemod<F>, opts: RunOptions): Promise<RunResult> {
  const found = await discover(opts.paths, { root: opts.root, include: opts.include, exclude: opts.exclude });

  // 1. Read and prefilter: a cheap substring test decides whether a file is looked at again. Only
  // the texts that pass are kept; reading threads share the work when the codemod is a registered one.
  const ref = (await isRegistered(codemod as Codemod<unknown>)) ? { module: new URL('./prefilter.js', import.meta.url).href, name: 'registeredCodemodFilter', arg: codemod.name } : undefined;
  const outcomes = await readFiles(found.files, codemodFilter(codemod), { ref, threads: opts.readThreads, onProgress: opts.onProgress });
  const settled = settleDiscovery(found, (k) => notAFile(outcomes[k]));
  const result: RunResult = {
    codemod: codemod.name,
    root: opts.root,
    changed: [],
    skipped: settled.skipped,
    followUps: [],
    relock: [],
    notes: [],
    counts: { discovered: settled.files.length, ignored: found.ignoredCount, candidates: 0, parsed: 0 },
  };
  const candidates: ScannedFile[] = [];
  for (let k = 0; k < found.files.length; k++) {
    const read = outcomes[k];
    if (!read || read.status === 'gone' || read.status === 'symlink' || read.status === 'submodule') continue;
    const c = found.files[k]!;
    if (read.status === 'failed') {
      // A binary or oversized file that never mentions the driver is no loss; one that does, or
      // one that could not be read at all, may need a change by hand.
      const relevant = read.hadRaw ? read.mentions : read.reason !== 'not a regular file';
      if (relevant || !read.hadRaw) result.skipped.push({ rel: c.rel, reason: read.reason, relevant });
      continue;
    }
    if (RELEASE_HISTORY.test(c.rel)) {
      result.skipped.push({ rel: c.rel, reason: 'release history: it records what was true then, so it is never rewritten', relevant: false });
      continue;
    }
    const kind = fileKind(c.rel);
    if (kind === 'lockfile' && codemod.relocks) {
      result.relock.push(c.rel);
      continue;
    }
    candidates.push({ file: read.file, kind });
  }
  result.counts.candidates = candidates.length;
  for (const c of found.ignoredEnvFiles) {
    const read = readSourceFile(c.abs, c.rel);
    const at = read.ok ? Math.min(...codemod.triggers.map((t) => read.file.text.indexOf(t)).filter((i) => i >= 0)) : -1;
    if (read.ok && Number.isFinite(at)) {
      result.followUps.push({ path: c.rel, line: lineNumber(read.file.text, at), rule: 'ignored-env', message: 'this file is ignored by .gitignore, so it was not edited; it may hold the deployed URL: update it by hand (or run again on this file)', marked: false });
    }
  }

  // 2. Facts across files (e.g. "the code uses pools"), then 3. per-file rules.
  const facts = await codemod.scan(candidates);
  const extra = codemod.extraTargets?.(facts) ?? [];
  if (extra.length) {
    // Looked up by path: a search of the file list per target was quadratic (0.3 s at 100k files).
    const byRel = new Map(settled.files.map((f) => [f.rel, f]));
    const taken = new Set(candidates.map((x) => x.file.rel));
    for (const rel of extra) {
      const c = byRel.get(rel);
      if (!c || taken.has(rel)) continue;
      taken.add(rel);
      const read = readSourceFile(c.abs, c.rel);
      if (read.ok) candidates.push({ file: read.file, kind: fileKind(c.rel) });
    }
  }
  const newFiles = new Map<string, string>();
  for (const cand of candidates.filter((c) => c.kind !== 'lockfile')) {
    const outcome = await transformOne(codemod, cand, facts, result, newFiles);
    if (outcome) result.changed.push(outcome);
  }
  for (const [rel, text] of newFiles) {
    const created = newFile(opts.root, rel, text, result);
    if (created) result.changed.push(created);
  }
  result.notes.push(...(codemod.notes?.(facts, result.changed.length) ?? []));
  return result;
}

/**
 * A file a rule asked for. One that already exists with the same text is done; with other text it
 * is the user's now, so it is left alone and named.
 */
function newFile(root: string, rel: string, text: string, result: RunResult): FileOutcome | null {
  const abs = path.join(root, rel);
  const existing = readSourceFile(abs, rel);
  if (existing.ok) {
    if (existing.file.text !== text) result.skipped.push({ rel, reason: 'migrate-driver would create this file, but one with other content is already there; left as it is (compare it with a dry run on a copy)', relevant: true });
    return null;
  }
  if (fs.existsSync(abs)) {
    result.skipped.push({ rel, reason: `migrate-driver would create this file, but the path is taken (${existing.reason})`, relevant: true });
    return null;
  }
  const source = { rel, abs, text: '', bom: false, eol: '\n' as const, raw: Buffer.alloc(0) };
  return { rel, kind: fileKind(rel), created: true, edits: [{ start: 0, end: 0, text, kind: 'new-file', description: 'new file' }], before: '', after: text, source };
}

async function transformOne<F>(codemod: Codemod<F>, cand: ScannedFile, facts: F, result: RunResult, newFiles: Map<string, string>): Promise<FileOutcome | null> {
  const { file, kind } = cand;
  const edits: TextEdit[] = [];
  const followUps: FollowUp[] = [];
  /** Follow-ups whose marker is one of this run's edits: unmarked again if the file is left unchanged. */
  const markedHere = new Set<FollowUp>();
  let tree: Tree | null = null;
  // The scan's tree, already checked for syntax errors: the file is parsed once for both.
  const scanned = cand.tree ?? null;
  cand.tree = undefined;
  // Set when a rule parsed the original JS/TS itself: validation need not parse it again.
  let parsedOk = false;
  const expressions: ExpressionRange[] = [];
  const ctx: FileContext<F> = {
    file,
    kind,
    facts,
    python: async () => {
      if (!tree && scanned) {
        tree = scanned;
        result.counts.parsed++;
      } else if (!tree) {
        tree = await parsePython(file.text);
        result.counts.parsed++;
        const err = firstSyntaxError(tree);
        if (err) throw new SkipFile(`Python syntax error at line ${err.line}, column ${err.column}: file left unchanged`);
      }
      return tree;
    },
    noteParsed: () => {
      result.counts.parsed++;
      parsedOk = true;
    },
    noteExpression: (start, end, type) => void expressions.push({ start, end, type }),
    addFile: (rel, text) => void newFiles.set(rel, text),
    edit: (start, end, text, editKind, description) => edits.push({ start, end, text, kind: editKind, description }),
    followUp: (offset, rule, message, o = {}) => {
      const anchor = o.anchor ?? offset;
      const ins = o.marker !== false ? markerInsertion(file.text, kind, anchor, message, file.eol) : null;
      if (ins) edits.push({ start: ins.at, end: ins.at, text: ins.text, kind: 'todo-marker', description: message });
      const marked = !!ins || (o.marker !== false && file.text.includes(message.replace(/\s+/g, ' ')));
      const f: FollowUp = { path: file.rel, line: lineNumber(file.text, offset), rule, message, marked };
      if (ins) markedHere.add(f);
      followUps.push(f);
    },
  };
  try {
    await codemod.transform(ctx);
  } catch (err) {
    if (err instanceof SkipFile) {
      result.skipped.push({ rel: file.rel, reason: err.message, relevant: true });
      return null;
    }
    throw err;
  } finally {
    // Trees live in the wasm heap, which only grows: a tree kept per file would grow with the tree.
    (tree as Tree | null)?.delete();
    if (scanned !== tree) scanned?.delete();
    tree = null;
  }
  const markers = markerLines(file.text);
  const onMarker = (e: TextEdit) => e.kind !== 'todo-marker' && markers.some((m) => e.start < m.end && e.end > m.start);
  const real = effectiveEdits(file.text, dedupeInserts(edits.filter((e) => !onMarker(e))));
  result.followUps.push(...followUps);
  // A file left unchanged gets none of its markers: the follow-ups must not say they are written.
  const leftUnchanged = (reason: string) => {
    for (const f of markedHere) f.marked = false;
    result.skipped.push({ rel: file.rel, reason, relevant: true });
    return null;
  };
  if (real.length === 0) return null;
  let after: string;
  try {
    after = applyEdits(file.text, real);
  } catch (err) {
    if (err instanceof OverlappingEditsError) return leftUnchanged(`two rules want to change the same text (${err.message}); file left unchanged`);
    throw err;
  }
  const invalid = await validate(kind, file.text, after, file.rel, parsedOk, real, expressions);
  if (invalid) return leftUnchanged(`the change would make the file invalid (${invalid}); file left unchanged`);
  return { rel: file.rel, kind, edits: real, before: file.text, after, source: file };
}

/** The same marker requested twice at one spot is written once. */
function dedupeInserts(edits: TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    if (e.start !== e.end) return true;
    const k = `${e.start}\u0000${e.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Output must still parse: a rule bug can never write a broken file. Returns a reason, or null. */
async function validate(kind: FileKind, before: string, after: string, rel: string, beforeParses: boolean, edits: readonly TextEdit[], expressions: readonly ExpressionRange[]): Promise<string | null> {
  try {
    if (kind === 'js') {
      // Edits inside whole expressions of a file that parsed: parsing those expressions is enough.
      if (beforeParses && expressionsStillParse(rel, before, edits, expressions)) return null;
      if (parses(() => parseJs(rel, after))) return null;
      if (parses(() => parseJs(rel, before))) return 'JS/TS no longer parses';
      // jscodeshift's parser refuses the file either way (an import assertion, say). A file that
      // TypeScript read without error must still read so; one that neither reads is not judged.
      if (!typescriptParsesCleanly(rel, before)) return null;
      return typescriptParsesCleanly(rel, after) ? null : 'TypeScript no longer parses it';
    }
    if (kind === 'python') {
      const tree = await parsePython(after);
      try {
        const err = firstSyntaxError(tree);
        return err ? `Python syntax error at line ${err.line}` : null;
      } finally {
        tree.delete();
      }
    }
    if (kind === 'pyproject' || kind === 'pipfile' || kind === 'toml') {
      if (!parses(() => parseToml(before))) return null;
      return parses(() => parseToml(after)) ? null : 'TOML no longer parses';
    }
    if (kind === 'json') {
      if (!parses(() => JSON.parse(before))) return null;
      return parses(() => JSON.parse(after)) ? null : 'JSON no longer parses';
    }
    if (kind === 'yaml') {
      // Loaded here: yaml's modules take 25 to 35 ms to load, and most runs change no YAML file.
      const { parseAllDocuments } = createRequire(import.meta.url)('yaml') as typeof Yaml;
      const ok = (t: string) => {
        const docs = parseAllDocuments(t);
        return Array.isArray(docs) && docs.every((d) => d.errors.length === 0);
      };
      if (!ok(before)) return null;
      return ok(after) ? null : 'YAML no longer parses';
    }
  } catch (err) {
    return String(err);
  }
  return null;
}

const parses = (f: () => unknown): boolean => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};

export function diffOf(outcome: FileOutcome): string {
  const bom = outcome.source.bom ? '\ufeff' : '';
  return unifiedDiff(outcome.rel, bom + outcome.before, bom + outcome.after);
}
