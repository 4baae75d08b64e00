import { indentOf, lineStart, removalRange, type Span } from '../../../../src/codemod/layout.js';
import type { Node } from '../../../../src/languages/python/parser.js';
import { enclosingFunction } from '../../../../src/languages/python/asyncpg-model/scope.js';
import { inStringOrComment } from '../../../../src/languages/python/syntax.js';
import type { PortContext } from './plan.js';

/**
 * A call is ported in place, by small replacements of the original text (`conn.fetch(` -> `(await
 * conn.execute(`, its `)` -> `)).fetchall()`, the parameters wrapped into one tuple), so its
 * arguments keep their lines and comments.
 */
export interface Splice {
  start: number;
  end: number;
  text: string;
}

/** `recv.method(` becomes `head` (which ends in an opening bracket), the call's `)` becomes `)` + tail. */
export function reshape(call: Node, head: string, tail = ''): Splice[] {
  const args = call.childForFieldName('arguments')!;
  return [
    { start: call.startIndex, end: args.startIndex + 1, text: head },
    { start: args.endIndex - 1, end: args.endIndex, text: `)${tail}` },
  ];
}

function argumentNodes(call: Node): Node[] {
  return (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a && a.type !== 'comment');
}

/**
 * The parameters after the query, gathered where they stand into the one sequence psycopg takes:
 * `q, a, b` -> `q, (a, b)`; `q, *args` -> `q, args or None` (no parameters at all when it is empty,
 * as asyncpg sent). Null when they cannot be gathered (keyword arguments among them, `**kw`).
 */
export function gatherParams(ctx: PortContext, call: Node, params: Node[]): Splice[] | null {
  if (!params.length) return [];
  const first = params[0]!;
  const last = params[params.length - 1]!;
  if (params.some((a) => a.type === 'dictionary_splat' || a.type === 'keyword_argument')) return null;
  if (argumentNodes(call).some((a) => a.type === 'keyword_argument' && a.startIndex > first.startIndex && a.startIndex < last.startIndex)) return null;
  if (params.length === 1 && first.type === 'list_splat') {
    const inner = first.namedChildren[0]!;
    // psycopg takes a sequence: `*rows.values()`, a generator or a set need tuple() first.
    const seq = isSequence(inner) ? inner.text : `tuple(${inner.text})`;
    return [{ start: first.startIndex, end: first.endIndex, text: `${seq} or None` }];
  }
  const text = ctx.text;
  const ls = lineStart(text, first.startIndex);
  const onePerLine = params.length > 1 && /^[ \t]*$/.test(text.slice(ls, first.startIndex)) && text.slice(first.startIndex, last.endIndex).includes('\n');
  if (!onePerLine) {
    return [
      { start: first.startIndex, end: first.startIndex, text: '(' },
      { start: last.endIndex, end: last.endIndex, text: params.length === 1 ? ',)' : ')' },
    ];
  }
  // Several, one per line: the tuple opens on the first one's line and its items move one level in.
  // Nothing but indentation goes at a line start, where a wrapping block adds its own.
  const indent = indentOf(text, ls);
  const eol = ctx.input.eol;
  const unit = ctx.deeper('');
  const out: Splice[] = [{ start: first.startIndex, end: first.startIndex, text: `(${eol}${indent}${unit}` }];
  for (let at = text.indexOf('\n', first.startIndex) + 1; at > 0 && at < last.endIndex; at = text.indexOf('\n', at) + 1) {
    if (!inStringOrComment(ctx.input.root, at)) out.push({ start: at, end: at, text: unit });
  }
  out.push({ start: last.endIndex, end: last.endIndex, text: `,${eol}${indent})` });
  return out;
}

/** A list or tuple display, or the enclosing function's own `*args` (always a tuple). */
function isSequence(n: Node): boolean {
  if (/^(list|tuple|list_comprehension)$/.test(n.type)) return true;
  if (n.type !== 'identifier') return false;
  const fn = enclosingFunction(n);
  const params = fn?.childForFieldName('parameters')?.namedChildren ?? [];
  return params.some((p) => p?.type === 'list_splat_pattern' && p.namedChildren[0]?.text === n.text);
}

/** Removes one argument (a keyword psycopg does not take) with its separator, or its whole line. */
export function dropArgument(text: string, call: Node, arg: Node): Splice {
  const all = argumentNodes(call);
  const i = all.findIndex((a) => a.id === arg.id);
  const span = (n: Node | undefined): Span | null => (n ? { start: n.startIndex, end: n.endIndex } : null);
  const r = removalRange(text, { start: arg.startIndex, end: arg.endIndex }, span(all[i - 1]), span(all[i + 1]));
  return { start: r.start, end: r.end, text: '' };
}
