import { ASYNCPG_API_ADVICE, ENGINE_FACTORIES, PSYCOPG_SCHEME, translateAsyncpgOption, urlValue, type NewValue } from '../../../src/drivers/index.js';
import type { FileContext } from '../../../src/codemod/types.js';
import type { Node } from '../../../src/languages/python/parser.js';
import { calleeName, descendants, dispatchUse, enclosingStatement, guardedBlock, inStringOrComment } from '../../../src/languages/python/syntax.js';
import { findAsyncpgSchemes, queryInPart, type SchemeHit } from '../../../src/urls/find-urls.js';
import { followingParts } from '../../../src/languages/python/string-parts.js';
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
    if (root && leftAsDispatch(ctx, root, hit.start, text.slice(hit.start, hit.end))) continue;
    if (root && leftForCreator(ctx, root, hit.start)) continue;
    ctx.edit(hit.start, hit.end, PSYCOPG_SCHEME, hit.url ? 'url-scheme' : 'scheme-name', `${text.slice(hit.start, hit.end)} -> ${PSYCOPG_SCHEME}`);
    if (hit.url?.query) translateQuery(ctx, hit.url.query, anchorOf(hit.start));
    if (root && hit.url) laterQueryParts(ctx, root, hit, anchorOf(hit.start));
  }
  if (root) schemeFragments(ctx, root);
}

/**
 * A URL split over several string parts (`f"...asyncpg://{u}" f"@{h}/db?ssl=require"`, `+`
 * chains): its query is read from the joined value, and each parameter is translated in the part
 * that holds it.
 */
function laterQueryParts(ctx: FileContext<Facts>, root: Node, hit: SchemeHit, anchor: number): void {
  let str: Node | null = root.descendantForIndex(hit.start, hit.start);
  while (str && str.type !== 'string') str = str.parent;
  if (!str) return;
  let inQuery = !!hit.url?.query;
  for (const part of followingParts(str)) {
    const q = queryInPart(ctx.file.text, part.start, part.end, inQuery);
    if (q === 'continues') {
      ctx.followUp(part.start, RULE, 'this URL\'s query continues a parameter across string parts, so it was not translated: check ssl= and asyncpg-only parameters by hand', { anchor });
      return;
    }
    if (!q) continue;
    translateQuery(ctx, q, anchor);
    inQuery = true;
  }
}

function translateQuery(ctx: FileContext<Facts>, q: NonNullable<NonNullable<SchemeHit['url']>['query']>, anchor: number): void {
  const { text } = ctx.file;
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
  for (const s of stringsNaming(ctx.file.text, root, 'asyncpg')) {
    for (const m of s.text.matchAll(/\+asyncpg\b/g)) {
      const at = s.startIndex + m.index;
      if (at >= 4 && /postgres(ql)?$/.test(ctx.file.text.slice(Math.max(0, at - 10), at))) continue; // a full scheme, handled above
      if (leftAsDispatch(ctx, root, at, m[0])) continue;
      ctx.edit(at, at + m[0].length, '+psycopg', 'scheme-name', '"+asyncpg" driver suffix -> "+psycopg"');
    }
    if (s.text === 'asyncpg' && s.parent?.type === 'string' && !/(^|\/)setup[^/]*\.py$/.test(ctx.file.rel)) {
      ctx.followUp(s.startIndex, RULE, 'the string "asyncpg" names the old driver here; check what reads it', { anchor: enclosingStatement(s).startIndex });
    }
  }
}

/**
 * The string contents that hold `word`, in source order: found from the word's places in the text,
 * so a file is not walked string by string (most Python strings never name a driver).
 */
function stringsNaming(text: string, root: Node, word: string): Node[] {
  const out: Node[] = [];
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + word.length)) {
    const n = root.descendantForIndex(at, at + word.length);
    if (n?.type === 'string_content' && out[out.length - 1]?.id !== n.id) out.push(n);
  }
  return out;
}

/**
 * A scheme compared or tested to pick a code path (`url.startswith("postgresql+asyncpg")`, a dict
 * key, a `case`) is dispatch, not configuration: rewriting it would send psycopg URLs down the
 * asyncpg-only branch. It stays; the report names the branch it guards and flags asyncpg-only
 * calls in it with their psycopg equivalent.
 */
function leftAsDispatch(ctx: FileContext<Facts>, root: Node, offset: number, literal: string): boolean {
  let str: Node | null = root.descendantForIndex(offset, offset);
  while (str && str.type !== 'string') str = str.parent;
  const guard = str ? dispatchUse(str) : null;
  if (!guard) return false;
  const block = guardedBlock(guard);
  // No line numbers in the text: markers move lines, and the message must read the same on the next run.
  const branch = block ? ' The branch it guards will no longer run for migrated URLs: decide whether psycopg needs it.' : ' Migrated URLs will no longer match it: check what depends on the result.';
  ctx.followUp(offset, RULE, `"${literal}" is tested here to choose a code path (dispatch, not configuration), so it was left as is.${branch}`, { anchor: enclosingStatement(guard).startIndex });
  if (block) {
    for (const call of descendants(block, 'call')) {
      const fn = call.childForFieldName('function');
      const name = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : null;
      const advice = name ? ASYNCPG_API_ADVICE[name] : undefined;
      if (advice) ctx.followUp(call.startIndex, RULE, `in the asyncpg-only branch: ${advice}`, { anchor: enclosingStatement(call).startIndex });
    }
  }
  return true;
}

/**
 * `create_async_engine("postgresql+asyncpg://", async_creator=connect)`: the connections come
 * from the creator, and the URL must name the driver it returns. Changing only the URL pairs the
 * psycopg dialect with asyncpg connections; the creator has to move first.
 */
function leftForCreator(ctx: FileContext<Facts>, root: Node, offset: number): boolean {
  let n: Node | null = root.descendantForIndex(offset, offset);
  while (n && n.type !== 'call') n = n.parent;
  if (!n || !ENGINE_FACTORIES.has(calleeName(n) ?? '')) return false;
  const creator = n.childForFieldName('arguments')?.namedChildren.find((a) => a?.type === 'keyword_argument' && /^(async_)?creator$/.test(a.childForFieldName('name')?.text ?? ''));
  if (!creator) return false;
  ctx.followUp(offset, RULE, `this engine's connections come from ${creator.text}, so its URL must keep naming the driver that creator returns: port the creator to psycopg first, then change the URL to postgresql+psycopg`, { anchor: enclosingStatement(n).startIndex });
  return true;
}
