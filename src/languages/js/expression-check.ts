import { applyEdits, type TextEdit } from '../../edits/text-edit.js';
import { parseJsExpression } from './parser.js';

/** A whole expression node of a file that parsed: its offsets in the original text, and its Babel node type. */
export interface ExpressionRange {
  start: number;
  end: number;
  type: string;
}

const inside = (e: TextEdit, r: ExpressionRange) => (e.start === e.end ? r.start < e.start && e.start < r.end : r.start <= e.start && e.end <= r.end);

/**
 * Whether edits confined to whole expressions keep a file that parsed parseable, judged without
 * parsing the whole file again: every edit must lie inside one of the ranges, and each range that
 * received one must, with its edits applied, parse alone as one node of its original type
 * spanning all of its new text. False means "not shown", never "broken": the caller then parses
 * the whole file.
 */
export function expressionsStillParse(rel: string, before: string, edits: readonly TextEdit[], ranges: readonly ExpressionRange[]): boolean {
  if (!edits.length || !ranges.length) return false;
  const touched = new Map<ExpressionRange, TextEdit[]>();
  for (const e of edits) {
    const holders = ranges.filter((r) => inside(e, r));
    if (!holders.length) return false;
    for (const r of holders) touched.set(r, [...(touched.get(r) ?? []), e]);
  }
  for (const [r, own] of touched) {
    const text = applyEdits(before.slice(r.start, r.end), own.map((e) => ({ ...e, start: e.start - r.start, end: e.end - r.start })));
    let node;
    try {
      node = parseJsExpression(rel, text);
    } catch {
      return false;
    }
    if (node.type !== r.type || node.start !== 0 || node.end !== text.length) return false;
  }
  return true;
}
