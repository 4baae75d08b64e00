import { appendItems } from './layout.js';
import type { FileContext } from './types.js';
import { mappingOf, pyString, resolveModuleName, type Mapping } from '../languages/python/mapping.js';
import type { Node } from '../languages/python/parser.js';
import { enclosingStatement } from '../languages/python/syntax.js';

/** One option a Python call or dict must hold, with the reason the report gives. */
export interface WantedOption {
  key: string;
  /** Python source of the value. */
  value: string;
  reason: string;
}

/**
 * Makes every wanted option hold in a mapping (dict literal or keyword arguments): a missing key
 * is appended in the list's own layout, a different value is replaced. Keys hidden behind `**x`
 * cannot be checked, so the site is flagged instead (a duplicate keyword would fail at runtime).
 */
export function ensureOptions(ctx: FileContext<unknown>, rule: string, m: Mapping, want: WantedOption[], anchor: number, what: string): void {
  const { text, eol } = ctx.file;
  if (m.opaque.some((o) => o.type === 'dictionary_splat')) {
    ctx.followUp(m.container.startIndex, rule, `${what} takes options from **..., so ${want.map((w) => `${w.key}=${w.value}`).join(', ')} cannot be added safely: set it where those options are built`, { anchor });
    return;
  }
  const render = (w: WantedOption) => (m.style === 'dict' ? `${pyString(w.key)}: ${w.value}` : `${w.key}=${w.value}`);
  const missing: WantedOption[] = [];
  for (const w of want) {
    const e = m.entries.find((x) => x.key === w.key);
    if (!e) missing.push(w);
    else if (e.value.text !== w.value) ctx.edit(e.value.startIndex, e.value.endIndex, w.value, rule, `${what}: ${w.key}=${e.value.text} -> ${w.value} (${w.reason})`);
  }
  if (!missing.length) return;
  const items = [...m.entries.map((e) => e.node), ...m.opaque].sort((a, b) => a.startIndex - b.startIndex);
  const last = items[items.length - 1];
  for (const ins of appendItems(text, m.container.endIndex - 1, last ? { start: last.startIndex, end: last.endIndex } : null, missing.map(render), eol)) {
    ctx.edit(ins.at, ins.at, ins.text, rule, `${what}: add ${missing.map((w) => `${w.key}=${w.value} (${w.reason})`).join('; ')}`);
  }
}

/** A keyword whose value must be a dict holding the wanted options: resolved (literal or module-level name), created, or flagged. */
export function ensureDictKeyword(ctx: FileContext<unknown>, rule: string, root: Node, args: Mapping, keyword: string, want: WantedOption[], anchor: number, what: string): void {
  const kw = args.entries.find((e) => e.key === keyword);
  if (!kw) {
    const dict = `{${want.map((w) => `${pyString(w.key)}: ${w.value}`).join(', ')}}`;
    ensureOptions(ctx, rule, args, [{ key: keyword, value: dict, reason: want.map((w) => w.reason).join('; ') }], anchor, what);
    return;
  }
  const target = kw.value.type === 'identifier' ? resolveModuleName(root, kw.value.text) : kw.value;
  const m = target ? mappingOf(target) : null;
  if (!m) {
    ctx.followUp(kw.node.startIndex, rule, `${keyword}=${kw.value.text} cannot be read statically; make sure it holds ${want.map((w) => `"${w.key}": ${w.value}`).join(', ')}`, { anchor });
    return;
  }
  ensureOptions(ctx, rule, m, want, enclosingStatement(m.container).startIndex, what);
}
