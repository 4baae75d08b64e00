import {
  ASYNCPG_DIALECT_OPTIONS,
  ASYNCPG_ONLY_CONNECT_KEYS,
  ENGINE_FACTORIES,
  PSYCOPG_SAFE,
  libpqOptionItem,
  serverSettingsToLibpq,
  translateAsyncpgOption,
  type NewValue,
  type Translation,
} from '../../../src/drivers/index.js';
import { joinItems, removalRange } from '../../../src/codemod/layout.js';
import type { FileContext } from '../../../src/codemod/types.js';
import { mappingOf, pyString, resolveModuleName, type Mapping, type MappingEntry } from '../../../src/languages/python/mapping.js';
import type { Node } from '../../../src/languages/python/parser.js';
import { calleeName, descendants, enclosingStatement, literalOf, stringValue } from '../../../src/languages/python/syntax.js';
import type { Facts } from '../facts.js';
import { ensureDictKeyword } from '../../../src/codemod/python-options.js';
import { engineDialect } from '../../../src/verify/static/python-sites.js';

const RULE = 'engine-options';

/**
 * SQLAlchemy engine options: `connect_args` are translated from asyncpg to psycopg keywords and
 * asyncpg-only `execution_options` are dropped. Values that cannot be read are reported, never guessed.
 */
export async function engineOptions(ctx: FileContext<Facts>): Promise<void> {
  const root = (await ctx.python()).rootNode;
  const done = new Set<number>();
  for (const call of descendants(root, 'call')) {
    const name = calleeName(call);
    const args = call.childForFieldName('arguments');
    if (!name || !args || args.type !== 'argument_list') continue;
    if (name === 'execution_options') {
      dropDialectOptions(ctx, mappingOf(args)!, done);
      continue;
    }
    if (!ENGINE_FACTORIES.has(name)) continue;
    const stmt = enclosingStatement(call).startIndex;
    const urlArg = args.namedChildren.find((c) => c && c.type !== 'keyword_argument' && c.type !== 'comment') ?? null;
    const all = mappingOf(args)!;
    // Connections from a creator ignore connect_args; the URL rule reports the creator.
    if (all.entries.some((e) => e.key === 'creator' || e.key === 'async_creator')) continue;
    const caEntry = all.entries.find((e) => e.key === 'connect_args');
    const caValue = caEntry ? resolveValue(root, caEntry.value) : null;
    const { driver, why } = engineDialect(
      { defaultDialect: ctx.facts.dialect ? { driver: ctx.facts.dialect, why: "the project's URLs" } : null, versions: ctx.facts.versions, rel: ctx.file.rel, urlQuery: {}, tree: root.tree },
      call,
      urlArg,
      caValue ? mappingOf(caValue) : null,
    );
    if (driver !== null && driver !== 'asyncpg' && driver !== 'psycopg') continue; // another driver or database
    // After the migration this engine runs psycopg: it must not prepare (psycopg's default prepares after 5 runs).
    const onPsycopg = driver !== null;
    const opaque = all.opaque.some((o) => o.type === 'dictionary_splat') || (caEntry && !caValue) || (caValue && !mappingOf(caValue));
    if (!onPsycopg && !opaque) {
      ctx.followUp(call.startIndex, RULE, `${name}(): the driver of this engine cannot be told (${why}); if it runs psycopg after the migration, give it connect_args={"prepare_threshold": None}: psycopg prepares a query after 5 runs by default, which breaks behind a transaction pooler`, { anchor: stmt });
    } else if (!caEntry && !all.opaque.some((o) => o.type === 'dictionary_splat')) {
      ensureDictKeyword(ctx, RULE, root, all, 'connect_args', [PSYCOPG_SAFE], stmt, `${name}() [psycopg after the migration]`);
    }
    for (const kw of args.namedChildren) {
      if (!kw) continue;
      if (kw.type === 'dictionary_splat') {
        ctx.followUp(kw.startIndex, RULE, `${name}(${kw.text}) passes options that cannot be checked here; translate any asyncpg connect_args by hand`, { anchor: stmt });
        continue;
      }
      if (kw.type !== 'keyword_argument') continue;
      const key = kw.childForFieldName('name')!.text;
      const value = kw.childForFieldName('value')!;
      if (key !== 'connect_args' && key !== 'execution_options') continue;
      const resolved = resolveValue(root, value);
      const mapping = resolved ? mappingOf(resolved) : null;
      if (!mapping) {
        ctx.followUp(kw.startIndex, RULE, `${key}=${value.text} could not be resolved to a literal dict; check it for asyncpg-only options`, { anchor: stmt });
        continue;
      }
      if (done.has(mapping.container.startIndex)) continue;
      done.add(mapping.container.startIndex);
      const at = enclosingStatement(mapping.container).startIndex;
      if (key === 'execution_options') dropDialectOptions(ctx, mapping, done);
      else if (onPsycopg || mapping.entries.some((e) => e.key !== null && (ASYNCPG_ONLY_CONNECT_KEYS.has(e.key) || e.key === 'prepare_threshold'))) {
        translateConnectArgs(ctx, mapping, at, onPsycopg);
      }
    }
  }
}

function resolveValue(root: Node, value: Node): Node | null {
  if (value.type === 'identifier') return resolveModuleName(root, value.text);
  return value;
}

type Planned = { entry: MappingEntry; t: Translation | { action: 'expand'; items: string[]; note: string; followUp?: string } };

function translateConnectArgs(ctx: FileContext<Facts>, m: Mapping, anchor: number, wantThreshold: boolean): void {
  for (const o of m.opaque) ctx.followUp(o.startIndex, RULE, `connect_args includes ${o.text}, which cannot be checked here`, { anchor });
  const plans: Planned[] = m.entries.map((entry) => {
    if (entry.key === null) return { entry, t: { action: 'keep' } };
    if (entry.key === 'server_settings') return { entry, t: serverSettings(ctx, m, entry, anchor) };
    if (entry.key === 'connection_class') return { entry, t: connectionClass(ctx, entry, anchor) };
    return { entry, t: translateAsyncpgOption(entry.key, literalOf(entry.value), 'connect_args') };
  });
  const hasThreshold = m.entries.some((e) => e.key === 'prepare_threshold') || plans.some((p) => p.t.action === 'replace' && p.t.entries.some((e) => e.key === 'prepare_threshold'));
  if (wantThreshold && !hasThreshold && !m.opaque.some((o) => o.type === 'dictionary_splat')) {
    if (!plans.length) {
      const inner = { start: m.container.startIndex + 1, end: m.container.endIndex - 1 };
      if (/^\s*$/.test(ctx.file.text.slice(inner.start, inner.end))) ctx.edit(inner.start, inner.end, render(m, null, 'prepare_threshold', { type: 'none' }), 'connect-args', THRESHOLD_NOTE);
    } else plans[0] = withThreshold(m, plans[0]!);
  }
  applyPlans(ctx, m, plans, anchor);
}

const THRESHOLD_NOTE = 'prepare_threshold=None added: psycopg prepares a query after 5 runs by default, which breaks behind a transaction pooler';

/** The first entry's edit also writes prepare_threshold=None, so the two can never overlap. */
function withThreshold(m: Mapping, p: Planned): Planned {
  const item = render(m, p.entry, 'prepare_threshold', { type: 'none' });
  const t = p.t;
  if (t.action === 'expand') return { entry: p.entry, t: { action: 'expand', items: [item, ...t.items], note: `${THRESHOLD_NOTE}; ${t.note}` } };
  if (t.action === 'replace') return { entry: p.entry, t: { action: 'expand', items: [item, ...t.entries.map((e) => render(m, p.entry, e.key, e.value))], note: `${THRESHOLD_NOTE}; ${t.note}` } };
  if (t.action === 'remove') {
    if (t.followUp) return { entry: p.entry, t: { action: 'expand', items: [item], note: `${THRESHOLD_NOTE}; ${t.note}`, followUp: t.followUp } };
    return { entry: p.entry, t: { action: 'expand', items: [item], note: `${THRESHOLD_NOTE}; ${t.note}` } };
  }
  // keep / flag: the entry stays as written, after the new one.
  return { entry: p.entry, t: { action: 'expand', items: [item, p.entry.node.text], note: THRESHOLD_NOTE, followUp: t.action === 'flag' ? t.followUp : undefined } };
}

/** server_settings -> libpq keywords (application_name) and `options="-c name=value ..."`. */
function serverSettings(ctx: FileContext<Facts>, m: Mapping, entry: MappingEntry, anchor: number): Planned['t'] {
  const inner = mappingOf(entry.value);
  const pairs: [string, string][] = [];
  // A libpq keyword takes any Python expression as it is (settings.APP_NAME); only values that
  // go into options="-c ..." must be literal, to be written and escaped here.
  const expressions = new Map<string, string>();
  if (inner && inner.opaque.length === 0) {
    for (const e of inner.entries) {
      const v = stringValue(e.value);
      if (e.key !== null && v === null && serverSettingsToLibpq([[e.key, '']]).keywords.length) {
        expressions.set(e.key, e.value.text);
        pairs.push([e.key, '']);
        continue;
      }
      if (e.key === null || v === null) return translateAsyncpgOption('server_settings', { type: 'unknown', source: entry.value.text }, 'connect_args');
      pairs.push([e.key, v]);
    }
  } else return translateAsyncpgOption('server_settings', { type: 'unknown', source: entry.value.text }, 'connect_args');
  const { keywords, options } = serverSettingsToLibpq(pairs);
  if (options.length && m.entries.some((e) => e.key === 'options')) {
    return { action: 'flag', followUp: `server_settings ${options.map(([k]) => k).join(', ')} must join the existing "options" as -c name=value` };
  }
  const items = keywords.map(([k, v]) => (expressions.has(k) ? renderRaw(m, entry, k, expressions.get(k)!) : render(m, entry, k, { type: 'str', s: v })));
  if (options.length) {
    // Measured here: PgBouncer 1.18 refuses the connection ("unsupported startup parameter: options").
    ctx.followUp(entry.node.startIndex, RULE, `server_settings ${options.map(([k]) => k).join(', ')} now go through options="-c ...", which is a startup parameter: PgBouncer refuses it unless ignore_startup_parameters lists options (and then drops it). Behind a pooler, set them per role or database (ALTER ROLE ... SET) instead`, { anchor });
  }
  if (options.length) items.push(render(m, entry, 'options', { type: 'str', s: options.map(([k, v]) => libpqOptionItem(k, v)).join(' ') }));
  const what = [...keywords.map(([k]) => `${k} as a libpq parameter`), ...(options.length ? [`${options.map(([k]) => k).join(', ')} via options="-c ..."`] : [])];
  return { action: 'expand', items, note: `server_settings -> ${what.join(', ') || 'nothing (it was empty)'}` };
}

/**
 * `connection_class=` naming an asyncpg Connection subclass whose only job is unique statement
 * names (the `_get_unique_id` recipe for poolers): moot with prepare_threshold=None, so the entry
 * goes. Any other subclass adds behaviour that must be ported by hand.
 */
function connectionClass(ctx: FileContext<Facts>, entry: MappingEntry, anchor: number): Planned['t'] {
  const root = entry.node.tree.rootNode;
  const name = entry.value.type === 'identifier' ? entry.value.text : null;
  const cls = name ? [...descendants(root, 'class_definition')].find((c) => c.childForFieldName('name')?.text === name) : undefined;
  const onlyUniqueNames = !!cls && (cls.childForFieldName('body')?.namedChildren ?? []).every((n) => {
    if (!n || n.type === 'comment' || n.type === 'pass_statement') return true;
    if (n.type === 'expression_statement' && n.namedChild(0)?.type === 'string') return true; // docstring
    const fn = n.type === 'decorated_definition' ? n.childForFieldName('definition') : n;
    return fn?.type === 'function_definition' && fn.childForFieldName('name')?.text === '_get_unique_id';
  });
  if (cls && onlyUniqueNames) {
    ctx.followUp(cls.startIndex, RULE, `class ${name} only made asyncpg's prepared statement names unique; with psycopg and prepare_threshold=None nothing uses it: delete it once no other module imports it`, { anchor: cls.startIndex });
    return { action: 'remove', note: `connection_class=${name} removed (it only made statement names unique; prepare_threshold=None prepares nothing)` };
  }
  return { action: 'flag', followUp: `connection_class=${entry.value.text} is an asyncpg Connection subclass; psycopg accepts connection_class= only for a psycopg.AsyncConnection subclass: port what it adds by hand, then set it` };
}

function render(m: Mapping, like: MappingEntry | null, key: string, v: NewValue): string {
  return renderRaw(m, like, key, v.type === 'none' ? 'None' : v.type === 'int' ? String(v.n) : pyString(v.s, like?.quote));
}

/** One entry in the mapping's own style, with the value's source text as it is. */
function renderRaw(m: Mapping, like: MappingEntry | null, key: string, source: string): string {
  return m.style === 'dict' ? `${pyString(key, like?.quote)}: ${source}` : `${key}=${source}`;
}

/** Applies per-entry plans; consecutive removals are merged so their ranges never overlap. */
function applyPlans(ctx: FileContext<Facts>, m: Mapping, plans: Planned[], anchor: number): void {
  const { text, eol } = ctx.file;
  const removed = (p: Planned) => p.t.action === 'remove' || (p.t.action === 'expand' && p.t.items.length === 0);
  const span = (n: Node) => ({ start: n.startIndex, end: n.endIndex });
  for (let i = 0; i < plans.length; i++) {
    const { entry, t } = plans[i]!;
    if (t.action === 'replace') {
      ctx.edit(entry.node.startIndex, entry.node.endIndex, joinItems(text, span(entry.node), t.entries.map((e) => render(m, entry, e.key, e.value)), eol), 'connect-args', t.note);
      staleComment(ctx, entry.node.endIndex);
    } else if (t.action === 'expand' && t.items.length) {
      ctx.edit(entry.node.startIndex, entry.node.endIndex, joinItems(text, span(entry.node), t.items, eol), 'connect-args', t.note);
      if (t.followUp) ctx.followUp(entry.node.startIndex, RULE, t.followUp, { anchor });
      staleComment(ctx, entry.node.endIndex);
    } else if (t.action === 'flag') {
      ctx.followUp(entry.node.startIndex, RULE, t.followUp, { anchor });
    }
    if (!removed(plans[i]!)) continue;
    let j = i;
    while (j + 1 < plans.length && removed(plans[j + 1]!)) j++;
    const first = plans[i]!.entry.node;
    const last = plans[j]!.entry.node;
    const prev = i > 0 ? span(plans[i - 1]!.entry.node) : null;
    const next = j + 1 < plans.length ? span(plans[j + 1]!.entry.node) : null;
    const r = removalRange(text, { start: first.startIndex, end: last.endIndex }, prev, next);
    const notes = plans.slice(i, j + 1).map((p) => ('note' in p.t ? p.t.note : ''));
    ctx.edit(r.start, r.end, '', 'connect-args', notes.join('; '));
    for (const p of plans.slice(i, j + 1)) if (p.t.action === 'remove' && p.t.followUp) ctx.followUp(p.entry.node.startIndex, RULE, p.t.followUp, { anchor });
    i = j;
  }
}

/**
 * A comment after a translated entry (`"statement_cache_size": 0,  # asyncpg: no statement cache`)
 * would describe the old driver beside the new setting: its driver words follow the code.
 */
function staleComment(ctx: FileContext<Facts>, after: number): void {
  const { text } = ctx.file;
  const nl = text.indexOf('\n', after);
  const rest = text.slice(after, nl < 0 ? text.length : nl);
  const m = /^\s*,?\s*(#.*?)\r?$/.exec(rest);
  if (!m || !/asyncpg|statement_cache_size/i.test(m[1]!)) return;
  const start = after + rest.indexOf(m[1]!);
  const updated = m[1]!.replace(/statement_cache_size\s*=\s*0\b/g, 'prepare_threshold=None').replace(/statement_cache_size/g, 'prepare_threshold').replace(/asyncpg/g, 'psycopg').replace(/Asyncpg/g, 'Psycopg');
  if (updated !== m[1]) ctx.edit(start, start + m[1]!.length, updated, 'comment', `comment follows the new setting: ${m[1]} -> ${updated}`);
}

/** asyncpg-dialect options in execution_options mean nothing to psycopg: removed. */
function dropDialectOptions(ctx: FileContext<Facts>, m: Mapping, done: Set<number>): void {
  if (m.container.type === 'argument_list') {
    if (done.has(m.container.startIndex)) return;
    done.add(m.container.startIndex);
  }
  const plans: Planned[] = m.entries.map((entry) => ({
    entry,
    t: entry.key !== null && ASYNCPG_DIALECT_OPTIONS.has(entry.key) ? { action: 'remove', note: `${entry.key} removed (an asyncpg-dialect option; psycopg has no statement cache to size)` } : { action: 'keep' },
  }));
  applyPlans(ctx, m, plans, enclosingStatement(m.container).startIndex);
}
