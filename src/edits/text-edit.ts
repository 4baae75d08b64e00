/**
 * A TextEdit replaces the range [start, end) of the ORIGINAL text. Nothing is reprinted, so every
 * character outside an edit is unchanged by construction (the Angular update-recorder model).
 * Offsets are JavaScript string offsets into the decoded file (BOM removed), which is lossless
 * because files that are not valid UTF-8 are never edited.
 */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
  /** Stable category used in the summary, e.g. "dependency", "url-scheme". */
  kind: string;
  /** One line for the report. */
  description: string;
}

export class OverlappingEditsError extends Error {
  constructor(
    readonly a: TextEdit,
    readonly b: TextEdit,
  ) {
    super(
      `overlapping edits: [${a.start},${a.end}) "${a.description}" and [${b.start},${b.end}) "${b.description}"`,
    );
  }
}

/** Sorts edits and fails on overlap. Two inserts at the same offset keep their given order. */
export function sortEdits(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = edits
    .map((e, i) => ({ e, i }))
    .sort((x, y) => x.e.start - y.e.start || x.e.end - y.e.end || x.i - y.i)
    .map((x) => x.e);
  for (let i = 1; i < sorted.length; i++) {
    const prev = sorted[i - 1]!;
    const cur = sorted[i]!;
    const bothInserts = prev.start === prev.end && cur.start === cur.end;
    if (cur.start < prev.end || (cur.start === prev.start && !bothInserts && prev.start !== prev.end)) {
      throw new OverlappingEditsError(prev, cur);
    }
  }
  return sorted;
}

export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = sortEdits(edits);
  let out = '';
  let pos = 0;
  for (const e of sorted) {
    if (e.start < 0 || e.end > text.length || e.start > e.end) {
      throw new RangeError(`edit out of range: [${e.start},${e.end}) in a text of ${text.length}`);
    }
    out += text.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  return out + text.slice(pos);
}

/** Drops edits that change nothing, so a no-op rule never shows up as a change. */
export function effectiveEdits(text: string, edits: readonly TextEdit[]): TextEdit[] {
  return edits.filter((e) => text.slice(e.start, e.end) !== e.text);
}
