import { PSYCOPG_SCHEME, translateAsyncpgOption, urlValue, type NewValue } from '../../../src/drivers/index.js';
import type { FileContext } from '../../../src/codemod/types.js';
import type { Node } from '../../../src/languages/python/parser.js';
import { descendants, enclosingStatement, inStringOrComment } from '../../../src/languages/python/syntax.js';
import { findAsyncpgSchemes, type SchemeHit } from '../../../src/urls/find-urls.js';
import type { Facts } from '../facts.js';

const RULE = 'urls';

const urlText = (v: NewValue) => (v.type === 'int' ? String(v.n) : v.type === 'str' ? encodeURIComponent(v.s) : '');

/**
 * `postgresql+asyncpg://` and `postgres+asyncpg://` become `postgresql+psycopg://` in any text
 * the codemod reads, and their query parameters are translated for libpq (DRIVER-FACTS.md §1).
 * In Python only strings and comments are touched.
 */
export async function urls(ctx: FileContext<Facts>): Promise<void> {
  const { text } = ctx.file;
  const root = ctx.kind === 'python' ? (await ctx.python()).rootNode : null;
  const anchorOf = (off: number) => {
    const n = root?.descendantForIndex(off, off);
    return n ? enclosingStatement(n).startIndex : off;
  };
  for (const hit of findAsyncpgSchemes(text)) {
    if (root && !inStringOrComment(root, hit.start)) continue;
    ctx.edit(hit.start, hit.end, PSYCOPG_SCHEME, hit.url ? 'url-scheme' : 'scheme-name', `${text.slice(hit.start, hit.end)} -> ${PSYCOPG_SCHEME}`);
    if (hit.url?.query) translateQuery(ctx, hit, anchorOf(hit.start));
  }
  if (root) schemeFragments(ctx, root);
}

function translateQuery(ctx: FileContext<Facts>, hit: SchemeHit, anchor: number): void {
  const { text } = ctx.file;
  const q = hit.url!.query!;
  const items: string[] = [];
  const notes: string[] = [];
  for (const p of q.params) {
    const original = text.slice(p.start, p.end);
    if (/[{}$]/.test(p.key)) {
      items.push(original);
      continue;
    }
    const t = translateAsyncpgOption(p.key, urlValue(p.raw), 'url');
    if (t.action === 'keep') items.push(original);
    else if (t.action === 'replace') {
      items.push(...t.entries.map((e) => `${e.key}=${urlText(e.value)}`));
      notes.push(t.note);
    } else if (t.action === 'remove') {
      notes.push(t.note);
      if (t.followUp) ctx.followUp(p.start, RULE, t.followUp, { anchor });
    } else {
      items.push(original);
      ctx.followUp(p.start, RULE, `URL parameter ${t.followUp}`, { anchor });
    }
  }
  const next = items.join('&');
  if (next === text.slice(q.start, q.end)) return;
  if (next === '') ctx.edit(q.start - 1, q.end, '', 'url-param', notes.join('; '));
  else ctx.edit(q.start, q.end, next, 'url-param', notes.join('; '));
}

/** `.replace("+asyncpg", "+psycopg")`-style driver fragments inside Python strings. */
function schemeFragments(ctx: FileContext<Facts>, root: Node): void {
  for (const s of descendants(root, 'string_content')) {
    for (const m of s.text.matchAll(/\+asyncpg\b/g)) {
      const at = s.startIndex + m.index;
      if (at >= 4 && /postgres(ql)?$/.test(ctx.file.text.slice(Math.max(0, at - 10), at))) continue; // a full scheme, handled above
      ctx.edit(at, at + m[0].length, '+psycopg', 'scheme-name', '"+asyncpg" driver suffix -> "+psycopg"');
    }
    if (s.text === 'asyncpg' && s.parent?.type === 'string' && !/(^|\/)setup[^/]*\.py$/.test(ctx.file.rel)) {
      ctx.followUp(s.startIndex, RULE, 'the string "asyncpg" names the old driver here; check what reads it', { anchor: enclosingStatement(s).startIndex });
    }
  }
}
