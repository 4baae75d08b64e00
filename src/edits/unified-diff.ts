import { structuredPatch } from 'diff';

/**
 * A git-style unified diff (paths relative to the root) that `git apply` accepts.
 * CRLF and BOM bytes stay inside the lines, so the patch describes the real bytes.
 */
export function unifiedDiff(relPath: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const patch = structuredPatch(`a/${relPath}`, `b/${relPath}`, before, after, '', '', { context });
  const lines = [`diff --git a/${relPath} b/${relPath}`, `--- a/${relPath}`, `+++ b/${relPath}`];
  for (const h of patch.hunks) {
    const oldRange = h.oldLines === 1 ? `${h.oldStart}` : `${h.oldStart},${h.oldLines}`;
    const newRange = h.newLines === 1 ? `${h.newStart}` : `${h.newStart},${h.newLines}`;
    lines.push(`@@ -${oldRange} +${newRange} @@`);
    lines.push(...h.lines);
  }
  return `${lines.join('\n')}\n`;
}
