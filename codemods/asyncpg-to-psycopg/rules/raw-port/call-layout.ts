import { indentOf, lineStart } from '../../../../src/codemod/layout.js';
import type { Node } from '../../../../src/languages/python/parser.js';
import type { PortContext } from './plan.js';

/** One argument of a rebuilt call; `from` is the original argument it comes from (its comments go with it). */
export interface Item {
  text: string;
  from?: Node;
  /** A dict value written one entry per line too (`kwargs={...}`). */
  entries?: Item[];
  /** The key (`kwargs`) when `entries` is given. */
  key?: string;
}

/**
 * `name(...)` for a call rebuilt from another (asyncpg.connect -> psycopg's): on one line when the
 * original arguments were, else one item per line, each with the comments that stood beside the
 * argument it comes from.
 */
export function callText(ctx: PortContext, call: Node, name: string, items: Item[]): string {
  const args = call.childForFieldName('arguments')!;
  const oneLine = (it: Item): string => (it.entries ? `${it.key}={${it.entries.map((e) => e.text).join(', ')}}` : it.text);
  if (!args.text.includes('\n')) return `${name}(${items.map(oneLine).join(', ')})`;
  const eol = ctx.input.eol;
  const base = indentOf(ctx.text, lineStart(ctx.text, call.startIndex));
  const inner = ctx.deeper(base);
  const line = (it: Item, indent: string): string => {
    const { before, after } = commentsOf(ctx, args, it.from);
    const lead = before.map((c) => `${indent}${c}${eol}`).join('');
    if (!it.entries) return `${lead}${indent}${it.text},${after ? `  ${after}` : ''}${eol}`;
    const deeper = ctx.deeper(indent);
    return `${lead}${indent}${it.key}={${after ? `  ${after}` : ''}${eol}${it.entries.map((e) => line(e, deeper)).join('')}${indent}},${eol}`;
  };
  return `${name}(${eol}${items.map((it) => line(it, inner)).join('')}${base})`;
}

/** Comments of the call's argument list that belong to `arg`: whole lines just above it, and one after it on its line. */
function commentsOf(ctx: PortContext, args: Node, arg: Node | undefined): { before: string[]; after: string | null } {
  if (!arg) return { before: [], after: null };
  const children = args.namedChildren.filter((c): c is Node => !!c);
  const i = children.findIndex((c) => c.id === arg.id);
  const before: string[] = [];
  for (let j = i - 1; j >= 0 && children[j]!.type === 'comment' && ownLine(ctx.text, children[j]!); j--) before.unshift(children[j]!.text);
  const next = children[i + 1];
  const sameLine = next?.type === 'comment' && !ctx.text.slice(arg.endIndex, next.startIndex).includes('\n');
  return { before, after: sameLine ? next.text : null };
}

const ownLine = (text: string, n: Node): boolean => /^[ \t]*$/.test(text.slice(lineStart(text, n.startIndex), n.startIndex));
