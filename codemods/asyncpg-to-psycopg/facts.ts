import type { ScannedFile } from '../../src/codemod/types.js';
import { firstSyntaxError, parsePython } from '../../src/languages/python/parser.js';
import { buildAsyncpgModel, type AsyncpgModel, type ModelFile } from '../../src/languages/python/asyncpg-model/project.js';
import { Versions } from '../../src/verify/static/versions.js';
import { compatPlace } from './compat-place.js';
import { rawCallsOnly } from './prefilter.js';
import { planRawPort, type Placeholders, type RawPortResult } from './rules/raw-port/index.js';
import { planSymbols } from './rules/symbols.js';

/** What the whole workspace says, gathered before any edit (OpenRewrite's scanning recipes). */
export interface Facts {
  /** The code uses connection pools of the driver (asyncpg.create_pool), so psycopg-pool is needed. */
  usesPools: boolean;
  /** A manifest already declares psycopg-pool (or psycopg[pool]). */
  declaresPool: boolean;
  /**
   * asyncpg code that stays after the migration (raw API, flagged classes, files that cannot be
   * parsed): while there is any, asyncpg must stay installed or the app fails at import.
   */
  asyncpgLeft: { where: string; count: number } | null;
  /** Some Python file imports asyncpg: `$n` SQL in fetch/execute calls is then asyncpg's. */
  usesAsyncpg: boolean;
  /** Manifests' versions and driver hints, for engines whose URL the code does not spell out. */
  versions: Versions;
  /** The one `postgresql+X` driver the project's URLs use, if exactly one. */
  dialect: string | null;
  /**
   * The manifest that should declare psycopg when the code has asyncpg URLs but no manifest
   * declares asyncpg or psycopg (the driver came from elsewhere): the first by path.
   */
  undeclaredIn: string | null;
  /** Which names hold asyncpg connections and pools, across modules (the raw port's receivers). */
  model: AsyncpgModel;
  /** The run's root folder (where the compat module's place is decided). */
  root: string;
  /**
   * asyncpg calls the raw port cannot port (flagged, or on receivers it cannot trace). While there
   * are any, nothing is ported: a half-ported app would fail at runtime where the calls were left.
   */
  rawHeldBack: { where: string; count: number } | null;
  /** The raw port's plan of every parsed Python file, by path, computed once in the scan. */
  rawPlans: ReadonlyMap<string, RawPortResult>;
  /** --placeholders: ported SQL keeps asyncpg's `$n` on raw cursors, or is written in psycopg's `%s`. */
  placeholders: Placeholders;
  /** Some module calls get_query() (a prepared statement's text): prepare() keeps asyncpg's SQL. */
  preparedTextRead: boolean;
}

/** What the user chose on the command line. */
export interface AsyncpgOptions {
  placeholders?: Placeholders;
}

export async function scanFacts(files: readonly ScannedFile[], options: AsyncpgOptions = {}): Promise<Facts> {
  const placeholders = options.placeholders ?? 'raw';
  let preparedTextRead = false;
  let usesPools = false;
  let declaresPool = false;
  let count = 0;
  let where = '';
  let usesAsyncpg = false;
  const versions = new Versions();
  const dialects = new Set<string>();
  const manifests: string[] = [];
  let declared = false;
  const parsed: (ModelFile & { text: string; eol: string; tree: Awaited<ReturnType<typeof parsePython>>; scanned: ScannedFile })[] = [];
  let root = '';
  // First: does any module import asyncpg? Only then are modules read for their calls alone parsed.
  for (const { file, kind } of files) if (kind === 'python' && /^\s*(import|from)\s+asyncpg\b/m.test(file.text)) usesAsyncpg = true;
  for (const scanned of files) {
    const { file, kind } = scanned;
    root ||= file.abs.slice(0, file.abs.length - file.rel.length);
    if (Versions.isManifest(file.rel)) versions.read(file.rel, file.text);
    if (kind === 'requirements' || kind === 'pyproject' || kind === 'pipfile' || kind === 'setup-cfg') {
      manifests.push(file.rel);
      if (/(^|[\s"',[])(asyncpg|psycopg)(\[[^\]]*\])?\s*([<>=!~;"',\]]|=|$)/m.test(file.text)) declared = true;
    }
    for (const m of file.text.matchAll(/\bpostgres(?:ql)?\+(\w+):\/\//g)) dialects.add(m[1]!);
    if (kind === 'python' && (/\bcreate_pool\b/.test(file.text) || /\bpsycopg_pool\b/.test(file.text))) usesPools = true;
    if ((kind === 'requirements' || kind === 'pyproject' || kind === 'pipfile' || kind === 'setup-cfg') && /psycopg[-_]pool|psycopg\[[^\]]*pool/i.test(file.text)) declaresPool = true;
    if (kind === 'python' && /\.get_query\s*\(/.test(file.text)) preparedTextRead = true;
    if (kind === 'python' && (usesAsyncpg || !rawCallsOnly(file.text))) {
      const tree = await parsePython(file.text);
      if (firstSyntaxError(tree)) {
        const at = file.text.search(/^\s*(import|from)\s+asyncpg\b/m);
        if (at >= 0) {
          if (!where) where = file.rel;
          count++;
        }
        tree.delete();
      } else parsed.push({ rel: file.rel, root: tree.rootNode, text: file.text, eol: file.eol, tree, scanned });
    }
  }
  // The same plans the rules apply, so "asyncpg is still used" cannot disagree with the edits.
  let model: AsyncpgModel;
  let rawHeldBack = null as Facts['rawHeldBack'];
  const rawPlans = new Map<string, RawPortResult>();
  let handedOver = false;
  try {
    model = buildAsyncpgModel(parsed);
    const plans = parsed.map((f) => planRawPort({ root: f.root, text: f.text, eol: f.eol, rel: f.rel, model, placeholders, preparedTextRead }, compatPlace(root, f.rel)));
    for (const [i, raw] of plans.entries()) {
      rawPlans.set(parsed[i]!.rel, raw);
      const n = raw.counts.flagged + (usesAsyncpg ? raw.unresolved.length : 0);
      if (n) rawHeldBack = { where: rawHeldBack?.where ?? parsed[i]!.rel, count: (rawHeldBack?.count ?? 0) + n };
    }
    for (const [i, f] of parsed.entries()) {
      const raw = rawHeldBack ? undefined : plans[i]!;
      const left = [...(raw?.remaining ?? []), ...planSymbols(f.root, f.text, f.eol, raw).remaining];
      if (left.length && !where) where = f.rel;
      count += left.length;
    }
    // The transform takes each tree from here (run.ts frees it with its file).
    for (const f of parsed) f.scanned.tree = f.tree;
    handedOver = true;
  } finally {
    if (!handedOver) for (const f of parsed) f.tree.delete();
  }
  return { usesPools, declaresPool, asyncpgLeft: count ? { where, count } : null, usesAsyncpg, versions, dialect: afterMigration(dialects), undeclaredIn: !declared && dialects.has('asyncpg') ? (manifests.sort()[0] ?? null) : null, model, root, rawHeldBack, rawPlans, placeholders, preparedTextRead };
}

/** The project's one URL driver once its asyncpg URLs say psycopg, so a second run decides as the first. */
function afterMigration(dialects: Set<string>): string | null {
  const after = new Set([...dialects].map((d) => (d === 'asyncpg' ? 'psycopg' : d)));
  return after.size === 1 ? [...after][0]! : null;
}
