import { commentSyntax, type FileKind } from '../workspace/file-kinds.js';
import { indentOf, lineStart } from './layout.js';

export const MARKER = 'migrate-driver: TODO';

/**
 * Where a marker line goes for a finding at `offset`: above its line, or for Markdown above the
 * code fence that contains it (a comment inside a fence would show up as code).
 */
function anchorLine(text: string, kind: FileKind, offset: number): number {
  const ls = lineStart(text, offset);
  if (kind !== 'markdown') return ls;
  let inFence = false;
  let fenceStart = 0;
  let pos = 0;
  while (pos < ls) {
    const nl = text.indexOf('\n', pos);
    const line = text.slice(pos, nl < 0 ? text.length : nl);
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      if (inFence) fenceStart = pos;
    }
    if (nl < 0) break;
    pos = nl + 1;
  }
  return inFence ? fenceStart : ls;
}

/**
 * A marker comment line, or null when the format has no comments or the same marker is already
 * in the file (so a second run adds nothing).
 */
export function markerInsertion(text: string, kind: FileKind, offset: number, message: string, eol: string): { at: number; text: string } | null {
  const syntax = commentSyntax(kind);
  if (!syntax) return null;
  const body = `${MARKER} ${message.replace(/\s+/g, ' ').replace(/-->/g, '->')}`;
  if (text.includes(body)) return null;
  const at = anchorLine(text, kind, offset);
  return { at, text: `${indentOf(text, at)}${syntax.open}${body}${syntax.close}${eol}` };
}

/** The [start, end) spans of lines that hold a marker: marker text is never configuration, so no rule edits it. */
export function markerLines(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (let i = text.indexOf(MARKER); i >= 0; i = text.indexOf(MARKER, i + MARKER.length)) {
    const start = lineStart(text, i);
    const nl = text.indexOf('\n', i);
    spans.push({ start, end: nl < 0 ? text.length : nl });
  }
  return spans;
}
