import { firstSyntaxError, parsePython } from '../../languages/python/parser.js';
import { discover, settleDiscovery, type Skipped } from '../../workspace/discover.js';
import { notAFile, readFiles } from '../../workspace/read-files.js';
import { auditFilter, DIALECT_URL, isJs, isPrisma, isPython, JS_TRIGGERS, PY_TRIGGERS } from './audit-filter.js';
import { mayHoldNamedQuery } from '../../languages/js/named-queries.js';
import { jsSites, type JsFile } from './js-sites.js';
import { prismaSites } from './prisma-sites.js';
import { pythonSites } from './python-sites.js';
import { sqlInCode, type SessionWarning } from './sql-in-code.js';
import type { Site } from './site.js';
import { Versions } from './versions.js';

export interface AuditOptions {
  root: string;
  paths: string[];
  include?: string[];
  exclude?: string[];
  /** From verify --url: its SQLAlchemy driver (if any) and query, used where the code reads the URL from settings. */
  url?: { raw: string; driver: string | null; query: Record<string, string> };
  onProgress?: (done: number, total: number) => void;
  /** Reading threads, this one included (default: from the cores and the number of files). */
  readThreads?: number;
}

export interface AuditResult {
  root: string;
  sites: Site[];
  skipped: Skipped[];
  notes: string[];
  /** Session state in the code's SQL (LISTEN, session SET, advisory locks, ...): fine on a direct connection, not through a transaction pooler. */
  warnings: SessionWarning[];
  counts: { discovered: number; read: number; parsed: number };
}

export async function runAudit(opts: AuditOptions): Promise<AuditResult> {
  const found = await discover(opts.paths, { root: opts.root, include: opts.include, exclude: opts.exclude });
  // Every file is read once, on reading threads when there are many; only what may matter is kept.
  const outcomes = await readFiles(found.files, auditFilter(), { ref: { module: new URL('./audit-filter.js', import.meta.url).href, name: 'auditFilter' }, threads: opts.readThreads, onProgress: opts.onProgress });
  const settled = settleDiscovery(found, (k) => notAFile(outcomes[k]));
  const versions = new Versions();
  const result: AuditResult = { root: opts.root, sites: [], skipped: settled.skipped, notes: [], warnings: [], counts: { discovered: settled.files.length, read: 0, parsed: 0 } };
  const python: { abs: string; rel: string; text: string }[] = [];
  const js: JsFile[] = [];
  const prisma: { abs: string; rel: string; text: string }[] = [];
  const dialects = new Set<string>();
  for (let k = 0; k < found.files.length; k++) {
    const read = outcomes[k];
    if (!read || read.status === 'gone' || read.status === 'symlink' || read.status === 'submodule') continue;
    const f = found.files[k]!;
    const py = isPython(f.rel);
    const jsFile = isJs(f.rel);
    const prismaFile = isPrisma(f.rel);
    if (read.status === 'failed') {
      if (py || jsFile || prismaFile) result.skipped.push({ rel: f.rel, reason: read.reason, relevant: true });
      continue;
    }
    const text = read.file.text;
    if (Versions.isManifest(f.rel)) versions.read(f.rel, text);
    for (const m of text.matchAll(DIALECT_URL)) dialects.add(m[1]!);
    if (py || jsFile) {
      const found = sqlInCode(f.rel, text);
      result.sites.push(...found.sites.map(({ offset: _offset, ...site }) => site));
      result.warnings.push(...found.warnings);
    }
    if (py && PY_TRIGGERS.some((t) => text.includes(t))) python.push({ abs: f.abs, rel: f.rel, text });
    else if (jsFile && (JS_TRIGGERS.some((t) => text.includes(t)) || mayHoldNamedQuery(text))) js.push({ abs: f.abs, rel: f.rel });
    else if (prismaFile) prisma.push({ abs: f.abs, rel: f.rel, text });
  }
  result.counts.read = python.length + js.length + prisma.length;

  // Where the code reads the URL from settings, the dialect comes from --url, else from the project's own URLs.
  let defaultDialect: { driver: string; why: string; explicit?: boolean } | null = null;
  if (opts.url?.driver) defaultDialect = { driver: opts.url.driver, why: 'from the --url given to verify', explicit: true };
  else if (dialects.size === 1) defaultDialect = { driver: [...dialects][0]!, why: `the project's URLs use postgresql+${[...dialects][0]}` };
  else if (dialects.size > 1) result.notes.push(`the project's URLs name several SQLAlchemy drivers (${[...dialects].join(', ')}); engines whose URL comes from settings are "unknown" unless verify gets --url with a driver`);

  for (const f of python) {
    const tree = await parsePython(f.text);
    result.counts.parsed++;
    const err = firstSyntaxError(tree);
    if (err) {
      result.skipped.push({ rel: f.rel, reason: `Python syntax error at line ${err.line}, column ${err.column}: not audited`, relevant: true });
      continue;
    }
    result.sites.push(...pythonSites({ rel: f.rel, tree, versions, defaultDialect, urlQuery: opts.url?.query ?? {} }));
    tree.delete();
  }
  const jsFound = js.length ? await jsSites(js, opts.root) : { sites: [], prismaAdapter: false, prismaCodeUrls: [] };
  for (const u of jsFound.prismaCodeUrls.filter((x) => x.appendsQuery)) result.notes.push(`${u.where}: the PrismaClient URL is built as ${u.text}, which breaks ("?a=1?pgbouncer=true") once the variable holds a query string of its own: set the parameters in the environment's URL instead`);
  result.counts.parsed += js.length;
  result.sites.push(...jsFound.sites);
  for (const f of prisma) {
    result.sites.push(...prismaSites({ ...f, root: opts.root, versions, adapter: jsFound.prismaAdapter, verifyUrl: opts.url?.raw ?? null, codeUrls: jsFound.prismaCodeUrls }));
  }
  result.sites.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.line - b.line));
  return result;
}
