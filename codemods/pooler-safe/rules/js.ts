import { nodeAt, parseJs, parseJsExpression, type JsNode } from '../../../src/languages/js/parser.js';
import { typescriptParsesCleanly } from '../../../src/languages/js/typescript-syntax.js';
import { appendItems, removalRange, type Span } from '../../../src/codemod/layout.js';
import { SkipFile, type FileContext } from '../../../src/codemod/types.js';
import { gate } from '../endpoint.js';
import type { Facts } from '../facts.js';

const RULE = 'pooler-safe';
export { JS_FILE } from '../../../src/languages/js/parser.js';

const span = (n: JsNode): Span => ({ start: n.start, end: n.end });
const OBJECT = new Set(['ObjectExpression']);
// jscodeshift's CallExpression also matches Babel's OptionalCallExpression (a subtype in ast-types).
const CALL = new Set(['CallExpression', 'OptionalCallExpression']);

/**
 * The JS/TS transform: it locates the nodes the project-wide plan names, with jscodeshift's parser
 * for the file; every change is a byte-range edit, so nothing is reprinted.
 */
export async function jsTransform(ctx: FileContext<Facts>): Promise<void> {
  const plan = ctx.facts.js.get(ctx.file.rel) ?? [];
  const { text, eol, rel } = ctx.file;
  // A file TypeScript's parser read without error need not be parsed whole again: each object or
  // call the plan names is parsed alone, at its own offsets. Other files are parsed whole, and
  // refused on a syntax error that TypeScript's parser finds too.
  const clean = ctx.facts.jsClean.has(rel);
  if (clean && plan.length === 0) return;
  let root: JsNode | null = null;
  const wholeFile = (): JsNode => {
    try {
      return (root ??= parseJs(rel, text));
    } catch (err) {
      throw new SkipFile(`JS/TS syntax error (${String((err as Error).message).split('\n')[0]}): file left unchanged`);
    }
  };
  if (!clean) {
    try {
      wholeFile();
    } catch (err) {
      // The plan can reach a file no batch parsed (a switch's default, found by a search). If
      // TypeScript reads what jscodeshift's parser refuses, it is edited as a clean file is.
      if (!typescriptParsesCleanly(rel, text)) throw err;
    }
  }
  ctx.noteParsed();
  /** The node of `types` TypeScript saw at `start`..`end`; in the whole file, the outermost at `start` (ending at `end` when `exact`). */
  const locate = (types: ReadonlySet<string>, start: number, end: number, exact: boolean): JsNode | undefined => {
    if (!root) {
      const alone = parsedAlone(rel, text, start, end);
      if (alone && types.has(alone.type)) return alone;
    }
    // The expression did not parse alone as what TypeScript saw: the whole file decides.
    return nodeAt(wholeFile(), types, start, exact ? end : undefined);
  };
  const objectAt = (start: number, end: number) => locate(OBJECT, start, end, false) as (JsNode & { properties: JsNode[] }) | undefined;
  const keyOf = (prop: JsNode) => {
    const k = (prop as { key?: { type: string; name?: string; value?: string } }).key;
    return prop.type === 'ObjectProperty' || prop.type === 'Property' ? (k?.type === 'Identifier' ? k.name : k?.value) : undefined;
  };

  for (const item of plan) {
    if (!gate(ctx, 'named-off', item.kind === 'flag' ? item.message.split(';')[0]! : item.what, item.kind === 'flag' ? item.offset : item.kind === 'add-options' ? item.callStart : item.objStart)) continue;
    if (item.kind === 'flag') {
      ctx.followUp(item.offset, RULE, item.message);
      continue;
    }
    if (item.kind === 'add-options') {
      // The very call the plan names: a chained call starts at the same offset and ends later.
      const call = locate(CALL, item.callStart, item.callEnd, true) as (JsNode & { arguments: JsNode[] }) | undefined;
      if (!call || call.arguments.length > 0 !== item.hasArgs) throw new SkipFile(`could not locate ${item.what.split(':')[0]} again: file left unchanged`);
      ctx.noteExpression(call.start, call.end, call.type);
      // After the last argument's own parentheses: inside them, `(url, {...})` would be a comma expression.
      ctx.edit(item.insertAt, item.insertAt, item.hasArgs ? ', { prepare: false }' : '{ prepare: false }', 'pooler-safe', item.what);
      continue;
    }
    const obj = objectAt(item.objStart, item.objEnd);
    if (!obj) throw new SkipFile(`could not locate the object literal of ${item.what.split(':')[0]} again: file left unchanged`);
    ctx.noteExpression(obj.start, obj.end, obj.type);
    const props = obj.properties;
    if (item.kind === 'prepare-false' && props.length === 0) {
      ctx.edit(obj.start, obj.end, '{ prepare: false }', 'pooler-safe', item.what);
    } else if (item.kind === 'prepare-false') {
      const existing = props.find((p) => keyOf(p) === 'prepare') as (JsNode & { value: JsNode }) | undefined;
      if (existing) ctx.edit(existing.value.start, existing.value.end, 'false', 'pooler-safe', item.what);
      else {
        const last = props[props.length - 1];
        for (const ins of appendItems(text, obj.end - 1, last ? span(last) : null, ['prepare: false'], eol)) ctx.edit(ins.at, ins.at, ins.text, 'pooler-safe', item.what);
      }
    } else {
      const i = props.findIndex((p) => keyOf(p) === 'name');
      if (i < 0) continue;
      const r = removalRange(text, span(props[i]!), i > 0 ? span(props[i - 1]!) : null, i + 1 < props.length ? span(props[i + 1]!) : null);
      ctx.edit(r.start, r.end, '', 'pooler-safe', item.what);
    }
  }
}

/** The expression at `start`..`end` parsed alone, with its offsets in the file; null when it does not parse as one node spanning exactly that. */
function parsedAlone(rel: string, text: string, start: number, end: number): JsNode | null {
  try {
    // Padding keeps every offset the file's own.
    const node = parseJsExpression(rel, ' '.repeat(start) + text.slice(start, end));
    return node.start === start && node.end === end ? node : null;
  } catch {
    return null;
  }
}

/** `?prepare=true` on a PostgreSQL URL, in any text: postgres.js reads it. */
export function urlPrepare(ctx: FileContext<Facts>): void {
  for (const m of ctx.file.text.matchAll(/\bpostgres(?:ql)?:\/\/[^\s'"`]*?[?&]prepare=(true)\b/g)) {
    const at = m.index + m[0].length - 4;
    if (!gate(ctx, 'named-off', 'URL prepare=true -> prepare=false', at)) continue;
    ctx.edit(at, at + 4, 'false', 'pooler-safe', 'URL prepare=true -> prepare=false (postgres.js reads it as its prepare option)');
  }
}
