/** Line and list-item geometry on the original text, shared by every rule that removes or inserts. */

/** 1-based line number of an offset. */
export function lineNumber(text: string, off: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < off; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

export const lineStart = (text: string, off: number): number => text.lastIndexOf('\n', off - 1) + 1;

/** Offset just past the line's end of line (or the end of text). */
export function lineEndIncl(text: string, off: number): number {
  const nl = text.indexOf('\n', off);
  return nl < 0 ? text.length : nl + 1;
}

export const indentOf = (text: string, lineOff: number): string => /^[ \t]*/.exec(text.slice(lineOff))![0];

const onlyBlank = (s: string) => /^[ \t]*$/.test(s);
const blankOrComment = (s: string) => /^[ \t]*(#.*)?\r?\n?$/.test(s);

export interface Span {
  start: number;
  end: number;
}

/** Position after the item's trailing comma (and the spaces before it), or the item end when there is none. */
function afterComma(text: string, end: number): number {
  let i = end;
  while (text[i] === ' ' || text[i] === '\t') i++;
  return text[i] === ',' ? i + 1 : end;
}

/** True when the item sits alone on its lines (comments after it allowed). */
export function ownsLines(text: string, item: Span): boolean {
  const ls = lineStart(text, item.start);
  const after = afterComma(text, item.end);
  return onlyBlank(text.slice(ls, item.start)) && blankOrComment(text.slice(after, lineEndIncl(text, after)));
}

/**
 * The range to delete so that a comma-separated item disappears cleanly: whole lines when it
 * owns them (with its trailing comment), otherwise the item and one separator.
 */
export function removalRange(text: string, item: Span, prev: Span | null, next: Span | null): Span {
  const after = afterComma(text, item.end);
  if (ownsLines(text, item)) return { start: lineStart(text, item.start), end: lineEndIncl(text, after) };
  if (next) {
    let e = after;
    while (text[e] === ' ' || text[e] === '\t') e++;
    return { start: item.start, end: e };
  }
  // Last item: take the separator before it instead (`a, b` -> `a`).
  if (prev) return { start: prev.end, end: after };
  return { start: item.start, end: after };
}

/** Text that puts several new items where one was: one per line when the old one owned its lines. */
export function joinItems(text: string, item: Span, items: string[], eol: string): string {
  if (!ownsLines(text, item)) return items.join(', ');
  const indent = indentOf(text, lineStart(text, item.start));
  return items.join(`,${eol}${indent}`);
}

export interface InsertEdit {
  at: number;
  text: string;
}

/**
 * Edits that append items to a bracketed list (dict, call arguments) in its own style: one per
 * line with the last item's indent when the list is multi-line (after any comment on that line),
 * else inline. `closeAt` is the offset of the closing bracket; `last` the last item, if any.
 */
export function appendItems(text: string, closeAt: number, last: Span | null, items: string[], eol: string): InsertEdit[] {
  if (!last) return [{ at: closeAt, text: items.join(', ') }];
  const between = text.slice(last.end, closeAt);
  const comma = between.indexOf(',');
  const hasComma = comma >= 0 && !between.slice(0, comma).includes('#');
  if (!between.includes('\n')) return [{ at: last.end, text: `, ${items.join(', ')}` }];
  const indent = indentOf(text, lineStart(text, last.start));
  const lineEnd = lineEndIncl(text, last.end) - (text[lineEndIncl(text, last.end) - 2] === '\r' ? 2 : 1);
  const body = items.join(`,${eol}${indent}`);
  return [
    ...(hasComma ? [] : [{ at: last.end, text: ',' }]),
    { at: lineEnd, text: `${eol}${indent}${body}${hasComma ? ',' : ''}` },
  ];
}
