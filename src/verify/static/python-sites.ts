import {
  ENGINE_FACTORIES,
  PG8000_POLICY,
  PSYCOPG2_POLICY,
  asyncpgCopyRecordsPolicy,
  asyncpgExplicitPreparePolicy,
  asyncpgPolicy,
  djangoPolicy,
  psycopgLibpq,
  psycopgPolicy,
  sqlalchemyAsyncpgPolicy,
  atLeast,
  VERSION_FACTS,
  type OptionValue,
  type PreparePolicy,
} from '../../drivers/index.js';
import { mappingOf, resolveModuleName, type Mapping } from '../../languages/python/mapping.js';
import type { Node, Tree } from '../../languages/python/parser.js';
import { calleeName, descendants, literalOf, stringValue } from '../../languages/python/syntax.js';
import { driverFitsFactory, urlDriverOf } from '../../languages/python/url-driver.js';
import { urlValue } from '../../drivers/asyncpg.js';
import type { Site } from './site.js';
import type { Versions } from './versions.js';

export interface PythonContext {
  rel: string;
  tree: Tree;
  versions: Versions;
  /** SQLAlchemy dialect driver when the URL is not in the code: from --url, or the project's own URLs. */
  /** `explicit`: the user named it (verify --url); otherwise inferred from the project's URLs, which says nothing about sync engines. */
  defaultDialect: { driver: string; why: string; explicit?: boolean } | null;
  /** Query parameters of the URL given to verify (they reach the driver too). */
  urlQuery: Record<string, string>;
}

const MODULES = ['asyncpg', 'psycopg', 'psycopg_pool', 'psycopg2'];

/** Local name -> canonical dotted name, from the file's imports. */
export function importAliases(root: Node): Map<string, string> {
  const a = new Map<string, string>();
  for (const stmt of descendants(root, 'import_statement')) {
    for (const c of stmt.namedChildren) {
      if (!c) continue;
      const name = (c.type === 'aliased_import' ? c.childForFieldName('name')! : c).text;
      if (!MODULES.includes(name.split('.')[0]!)) continue;
      a.set(c.type === 'aliased_import' ? c.childForFieldName('alias')!.text : name.split('.')[0]!, c.type === 'aliased_import' ? name : name.split('.')[0]!);
    }
  }
  for (const stmt of descendants(root, 'import_from_statement')) {
    const mod = stmt.childForFieldName('module_name')?.text ?? '';
    if (!MODULES.includes(mod.split('.')[0]!)) continue;
    for (const n of stmt.childrenForFieldName('name')) {
      if (!n) continue;
      const name = (n.type === 'aliased_import' ? n.childForFieldName('name')! : n).text;
      a.set(n.type === 'aliased_import' ? n.childForFieldName('alias')!.text : name, `${mod}.${name}`);
    }
  }
  return a;
}

export function canonicalCallee(call: Node, aliases: Map<string, string>): string | null {
  const fn = call.childForFieldName('function');
  if (!fn || !/^[\w.]+$/.test(fn.text)) return null;
  const parts = fn.text.split('.');
  const head = aliases.get(parts[0]!);
  return head ? [head, ...parts.slice(1)].join('.') : fn.text;
}

const kw = (m: Mapping | null, key: string): OptionValue | undefined => {
  const e = m?.entries.find((x) => x.key === key);
  return e ? literalOf(e.value) : undefined;
};
const shown = (key: string, v: OptionValue | undefined, dflt: string) => (v === undefined ? `${key} (default ${dflt})` : `${key}=${v.type === 'unknown' ? v.source : v.type === 'str' ? JSON.stringify(v.s) : v.type === 'none' ? 'None' : v.type === 'bool' ? (v.b ? 'True' : 'False') : v.n}`);
const opaqueWhy = (m: Mapping): PreparePolicy | null => {
  const splat = m.opaque.find((o) => o.type === 'dictionary_splat');
  return splat ? { kind: 'unknown', why: `options come from ${splat.text}, which cannot be read statically` } : null;
};

/** asyncpg `server_settings` keys and libpq `options`, as given to a connect call or connect_args. */
function startupParamsOf(root: Node, m: Mapping | null): Record<string, string> | undefined {
  if (!m) return undefined;
  const out: Record<string, string> = {};
  const ss = m.entries.find((e) => e.key === 'server_settings')?.value;
  const ssNode = ss ? (ss.type === 'identifier' ? resolveModuleName(root, ss.text) : ss) : null;
  for (const e of (ssNode ? mappingOf(ssNode)?.entries : undefined) ?? []) {
    if (e.key === null) continue;
    const v = literalOf(e.value);
    out[e.key] = v.type === 'str' ? v.s : '';
  }
  const opt = kw(m, 'options');
  if (opt) out.options = opt.type === 'str' ? opt.s : '';
  return Object.keys(out).length ? out : undefined;
}

export function pythonSites(ctx: PythonContext): Site[] {
  const root = ctx.tree.rootNode;
  const aliases = importAliases(root);
  const importsAsyncpg = [...aliases.values()].some((v) => v.startsWith('asyncpg'));
  const sites: Site[] = [];
  const add = (node: Node, driver: string, settings: string[], policy: PreparePolicy, fix: string) =>
    sites.push({ path: ctx.rel, line: node.startPosition.row + 1, column: node.startPosition.column + 1, driver, settings, policy, fix: policy.kind === 'never' || policy.kind === 'named-unique' ? '' : fix });
  const version = (name: string) => ctx.versions.find(name, ctx.rel);
  // `conn.prepare_threshold = None` after connecting is psycopg's documented attribute form.
  const assigned = [...descendants(root, 'assignment')].filter((a) => /\.prepare_threshold$/.test(a.childForFieldName('left')?.text ?? ''));
  const thresholdAttr = assigned.length === 1 ? literalOf(assigned[0]!.childForFieldName('right')!) : assigned.length > 1 ? ({ type: 'unknown', source: 'several prepare_threshold assignments' } as OptionValue) : undefined;

  for (const call of descendants(root, 'call')) {
    const args = call.childForFieldName('arguments');
    if (!args || args.type !== 'argument_list') continue;
    const callee = canonicalCallee(call, aliases);
    const m = mappingOf(args);
    const before = sites.length;
    const params = (mapping: Mapping | null) => {
      const sp = startupParamsOf(root, mapping);
      if (sp) for (const s of sites.slice(before)) s.startupParams = sp;
    };
    if (callee === 'asyncpg.connect' || callee === 'asyncpg.create_pool') {
      const cache = kw(m, 'statement_cache_size');
      add(call, 'asyncpg', [shown('statement_cache_size', cache, '100')], opaqueWhy(m!) ?? asyncpgPolicy(cache), `pass statement_cache_size=0 to ${callee}()`);
      params(m);
    } else if (callee && /^psycopg\.(connect|(Async)?Connection\.connect)$/.test(callee)) {
      const t = thresholdAttr ?? kw(m, 'prepare_threshold');
      const client = /ClientCursor/.test(m?.entries.find((e) => e.key === 'cursor_factory')?.value.text ?? '');
      const policy: PreparePolicy = client ? { kind: 'never', why: 'a ClientCursor binds parameters client-side and never prepares' } : (opaqueWhy(m!) ?? psycopgPolicy(t));
      add(call, 'psycopg', [shown('prepare_threshold', t, '5') + (thresholdAttr ? ' (set as an attribute)' : '')], policy, `pass prepare_threshold=None to ${callee}()`);
      params(m);
    } else if (callee && /^psycopg_pool\.(Async)?(Null)?ConnectionPool$/.test(callee)) {
      const kwargsNode = m?.entries.find((e) => e.key === 'kwargs')?.value;
      const resolved = kwargsNode ? (kwargsNode.type === 'identifier' ? resolveModuleName(root, kwargsNode.text) : kwargsNode) : null;
      const inner = resolved ? mappingOf(resolved) : null;
      const t = inner ? kw(inner, 'prepare_threshold') : undefined;
      const policy: PreparePolicy = kwargsNode && !inner ? { kind: 'unknown', why: `kwargs=${kwargsNode.text} cannot be read statically` } : psycopgPolicy(t);
      add(call, 'psycopg', [`kwargs: ${shown('prepare_threshold', t, '5')}`], policy, `pass kwargs={"prepare_threshold": None} to ${callee.split('.').pop()}()`);
      params(inner);
    } else if (callee === 'psycopg2.connect') {
      add(call, 'psycopg2', [], PSYCOPG2_POLICY, '');
    } else if (ENGINE_FACTORIES.has(calleeName(call) ?? '')) {
      sites.push(...engineSite(ctx, call, m!));
      const ca = m?.entries.find((e) => e.key === 'connect_args')?.value;
      params(ca ? mappingOf(ca.type === 'identifier' ? (resolveModuleName(root, ca.text) ?? ca) : ca) : null);
    } else if (importsAsyncpg && calleeName(call) === 'copy_records_to_table' && call.childForFieldName('function')?.type === 'attribute') {
      const v = version('asyncpg');
      add(call, 'asyncpg', ['copy_records_to_table()', v ? `asyncpg ${v.version.join('.')} from ${v.source}` : 'asyncpg version: not found'], asyncpgCopyRecordsPolicy(v?.version ?? null), `upgrade asyncpg to ${VERSION_FACTS.asyncpgUnnamedPrepare} or later with statement_cache_size=0, or copy with COPY ... FROM STDIN through a connection that is not pooled`);
    } else if (importsAsyncpg && calleeName(call) === 'prepare' && call.childForFieldName('function')?.type === 'attribute') {
      const v = version('asyncpg');
      add(call, 'asyncpg', ['explicit Connection.prepare()'], asyncpgExplicitPreparePolicy(v?.version ?? null), 'avoid Connection.prepare() behind a transaction pooler (or use asyncpg >= 0.31 with statement_cache_size=0)');
    }
  }
  sites.push(...djangoSites(ctx, root));
  markPsycopgEviction(ctx, sites);
  return sites;
}

/**
 * psycopg sites that prepare: on libpq < 17 their cache eviction breaks even a statement-keeping pooler.
 * Django's backend is psycopg too (server_side_binding with a prepare_threshold); measured here:
 * fixtures/truth-table/django-ssb-libpq15 breaks through PgBouncer 1.24 with max_prepared_statements 200.
 */
function markPsycopgEviction(ctx: PythonContext, sites: Site[]): void {
  if (/\.prepared_max\s*=\s*None\b/.test(ctx.tree.rootNode.text)) return;
  const binary = ctx.versions.find('psycopg-binary', ctx.rel);
  const libpq = psycopgLibpq(binary?.version ?? null);
  if (libpq.v17) return;
  for (const s of sites) {
    if ((s.driver === 'psycopg' || s.driver === 'sqlalchemy+psycopg' || s.driver === 'django') && (s.policy.kind === 'named-after' || s.policy.kind === 'named-immediately')) {
      // DATABASES has no way to set prepared_max: Django's own remedies are the threshold, or a libpq 17 wheel.
      const remedy = s.driver === 'django' ? 'set OPTIONS["prepare_threshold"] to None, or install psycopg[binary] (libpq 17 or newer)' : 'use prepare_threshold=None, or prepared_max=None';
      s.keepingPooler = `${libpq.why}: psycopg then evicts statements past prepared_max (100) with a SQL DEALLOCATE, which a statement-keeping pooler forwards untracked; ${remedy}`;
      s.keepingNeeds = 'sql-deallocate';
      s.settings.push(`libpq: ${libpq.why}`);
    }
  }
}

/**
 * The SQLAlchemy driver of one engine, from its own URL expression when that can be read (a
 * literal, an f-string, a module-level name, string surgery on a readable URL); else from the
 * given default (verify's --url or the project's URLs), the nearest manifest, or asyncpg- or
 * psycopg-only connect_args keys, but only when that driver can serve this factory (a sync
 * `create_engine` is never asyncpg). Otherwise null: flagged, never guessed. Shared by the audit
 * and the pooler-safe codemod.
 */
export function engineDialect(ctx: Pick<PythonContext, 'defaultDialect' | 'versions' | 'rel' | 'urlQuery' | 'tree'>, call: Node, urlArg: Node | null, m: Mapping | null): { driver: string | null; why: string; query: Record<string, string> } {
  const own = urlDriverOf(ctx.tree.rootNode, urlArg, 0, ctx.defaultDialect);
  if (own === 'not-postgres') return { driver: 'not-postgres', why: 'another database', query: {} };
  if (own) return { driver: own.driver, why: own.why, query: urlArg?.type === 'string' ? queryOf(urlArg.text) : {} };
  const factory = calleeName(call) ?? '';
  // This engine's own connect_args name their driver; the project's URLs and manifests only guess.
  const keys = m?.entries.map((e) => e.key) ?? [];
  const own2 = keys.includes('statement_cache_size') || keys.includes('server_settings') ? { driver: 'asyncpg', why: 'from its asyncpg-only connect_args' } : keys.includes('prepare_threshold') ? { driver: 'psycopg', why: 'from its connect_args' } : null;
  if (own2 && driverFitsFactory(own2.driver, factory)) return { ...own2, query: {} };
  // The same engine call may be built for another database too (sqlite in tests or a default
  // install): a project-wide guess would then be wrong for it.
  const other = /["'](sqlite|mysql|mariadb|mssql|oracle|cockroachdb)(\+\w+)?:\/\//.exec(ctx.tree.rootNode.text);
  if (other) return { driver: null, why: `the URL (${urlArg?.text ?? 'none'}) cannot be read statically, and this file also builds ${other[1]} URLs`, query: {} };
  // The project's URLs and manifests describe the app's async engines; a sync engine beside them is
  // as often psycopg2 (`postgresql://`) as anything: only an explicit --url speaks for it.
  const isAsync = factory === 'create_async_engine' || factory === 'async_engine_from_config';
  const guesses: { driver: string; why: string }[] = [];
  if (ctx.defaultDialect && (isAsync || ctx.defaultDialect.explicit)) guesses.push(ctx.defaultDialect);
  const fromManifest = ctx.versions.driverFor(ctx.rel);
  // A manifest with only psycopg 3 installed does speak for sync engines: postgresql:// would need psycopg2.
  const syncDriverListed = ['psycopg2', 'psycopg2-binary', 'pg8000'].some((n) => ctx.versions.find(n, ctx.rel));
  if (fromManifest && (isAsync || !syncDriverListed)) guesses.push(fromManifest);
  if (own2) guesses.push(own2);
  const fit = guesses.find((g) => driverFitsFactory(g.driver, factory));
  if (fit) return { driver: fit.driver, why: fit.why, query: fit === ctx.defaultDialect ? ctx.urlQuery : {} };
  // Only what this call and file say: the text ends up in a marker, which must read the same on every run.
  return { driver: null, why: `the URL (${urlArg?.text ?? 'none'}) cannot be read statically${isAsync ? '' : ', and a sync engine is not asyncpg'}`, query: {} };
}

function queryOf(literal: string): Record<string, string> {
  const q: Record<string, string> = {};
  const qs = /\?([^"'#]*)/.exec(literal)?.[1] ?? '';
  for (const item of qs.split('&').filter(Boolean)) {
    const [k, v = ''] = item.split('=');
    q[k!] = v;
  }
  return q;
}

function engineSite(ctx: PythonContext, call: Node, args: Mapping): Site[] {
  const root = ctx.tree.rootNode;
  const urlArg = args.opaque.find((o) => o.type !== 'dictionary_splat' && o.type !== 'list_splat') ?? null;
  const caValue = args.entries.find((e) => e.key === 'connect_args')?.value;
  const caNode = caValue ? (caValue.type === 'identifier' ? resolveModuleName(root, caValue.text) : caValue) : null;
  const ca = caNode ? mappingOf(caNode) : null;
  const { driver, why, query } = engineDialect(ctx, call, urlArg, ca);
  if (driver === 'not-postgres') return [];
  const site = (policy: PreparePolicy, settings: string[], fix: string, d = driver): Site => ({
    path: ctx.rel,
    line: call.startPosition.row + 1,
    column: call.startPosition.column + 1,
    driver: `sqlalchemy+${d ?? '?'}`,
    settings: [`dialect ${d ?? 'unknown'} (${why})`, ...settings],
    policy,
    fix: policy.kind === 'never' || policy.kind === 'named-unique' ? '' : fix,
  });
  const splat = opaqueWhy(args);
  if (splat) return [site(splat, [], 'pass the options explicitly so they can be checked')];
  if (caValue && !ca) return [site({ kind: 'unknown', why: `connect_args=${caValue.text} cannot be read statically` }, [], 'pass connect_args as a literal dict (or a module-level name bound to one)')];
  if (args.entries.some((e) => e.key === 'async_creator' || e.key === 'creator')) {
    return [site({ kind: 'unknown', why: 'a creator function opens the connections; its options cannot be read here' }, [], 'set the driver options inside the creator function')];
  }
  if (driver === 'asyncpg') {
    const asyncpgCache = kw(ca, 'statement_cache_size');
    const dialectCache = kw(ca, 'prepared_statement_cache_size') ?? (query.prepared_statement_cache_size !== undefined ? urlValue(query.prepared_statement_cache_size) : undefined);
    const nameFunc = !!ca?.entries.some((e) => e.key === 'prepared_statement_name_func');
    const a = ctx.versions.find('asyncpg', ctx.rel);
    const s = ctx.versions.find('sqlalchemy', ctx.rel);
    const policy = sqlalchemyAsyncpgPolicy({ asyncpgCache, dialectCache, nameFunc, asyncpg: a?.version ?? null, sqlalchemy: s?.version ?? null });
    const settings = [shown('statement_cache_size', asyncpgCache, '100'), shown('prepared_statement_cache_size', dialectCache, '100'), ...(nameFunc ? ['prepared_statement_name_func'] : []), a ? `asyncpg ${a.version.join('.')} from ${a.source}` : 'asyncpg version: not found'];
    const fix = a && atLeast(a.version, VERSION_FACTS.asyncpgUnnamedPrepare) ? 'connect_args={"statement_cache_size": 0}' : 'connect_args={"statement_cache_size": 0, "prepared_statement_name_func": lambda: f"__asyncpg_{uuid4()}__"} and prepared_statement_cache_size=0 in the URL, or asyncpg >= 0.31 with statement_cache_size=0';
    return [site(policy, settings, fix)];
  }
  if (driver === 'psycopg') {
    const t = kw(ca, 'prepare_threshold');
    const client = /ClientCursor/.test(ca?.entries.find((e) => e.key === 'cursor_factory')?.value.text ?? '');
    const policy: PreparePolicy = client ? { kind: 'never', why: 'cursor_factory=ClientCursor binds client-side' } : psycopgPolicy(t);
    return [site(policy, [shown('prepare_threshold', t, '5')], 'connect_args={"prepare_threshold": None}')];
  }
  if (driver === 'psycopg2') return [site(PSYCOPG2_POLICY, [], '')];
  if (driver === 'pg8000') return [site(PG8000_POLICY, [], '')];
  return [site({ kind: 'unknown', why: driver ? `dialect driver ${driver} is not in the knowledge base` : `the dialect is unknown: ${why}` }, [], 'use a literal URL, or run verify with --url so the dialect is known')];
}

/** DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "OPTIONS": {...}}} */
/** The PostgreSQL entries of a literal `DATABASES`, with their OPTIONS (null when not a literal). Shared with pooler-safe. */
export function djangoDatabases(root: Node): { alias: Mapping['entries'][number]; optNode: Node | undefined; opts: Mapping | null }[] {
  const value = resolveModuleName(root, 'DATABASES');
  const dbs = value ? mappingOf(value) : null;
  const out = [];
  for (const alias of dbs?.entries ?? []) {
    const db = mappingOf(alias.value);
    const engine = db?.entries.find((e) => e.key === 'ENGINE');
    if (!db || !engine || !/postgresql/.test(stringValue(engine.value) ?? '')) continue;
    const optNode = db.entries.find((e) => e.key === 'OPTIONS')?.value;
    out.push({ alias, optNode, opts: optNode ? mappingOf(optNode) : null });
  }
  return out;
}

function djangoSites(ctx: PythonContext, root: Node): Site[] {
  const out: Site[] = [];
  for (const { alias, optNode, opts } of djangoDatabases(root)) {
    const ssb = kw(opts, 'server_side_binding');
    const t = kw(opts, 'prepare_threshold');
    const policy = optNode && !opts ? { kind: 'unknown' as const, why: `OPTIONS=${optNode.text} cannot be read statically` } : djangoPolicy(ssb, t);
    out.push({
      path: ctx.rel,
      line: alias.node.startPosition.row + 1,
      column: alias.node.startPosition.column + 1,
      driver: 'django',
      settings: [`DATABASES[${JSON.stringify(alias.key)}]`, shown('server_side_binding', ssb, 'False'), shown('prepare_threshold', t, 'None')],
      policy,
      fix: policy.kind === 'never' ? '' : 'set OPTIONS["prepare_threshold"] to None (server_side_binding may stay)',
    });
  }
  return out;
}
