import { structuredPatch } from 'diff';

/**
 * A git-style unified diff (paths relative to the root) that `git apply` accepts.
 * CRLF and BOM bytes stay inside the lines, so the patch describes the real bytes.
 */
export function unifiedDiff(relPath: string, before: string, after: string, context = 3): string {
  if (before === after) return '';
  const patch = structuredPatch(`a/${relPath}`, `b/${relPath}`, before, after, '', '', { context });
  const a = quotePath(`a/${relPath}`);
  const b = quotePath(`b/${relPath}`);
  const lines = [`diff --git ${a} ${b}`, `--- ${a}`, `+++ ${b}`];
  for (const h of patch.hunks) {
    const oldRange = h.oldLines === 1 ? `${h.oldStart}` : `${h.oldStart},${h.oldLines}`;
    const newRange = h.newLines === 1 ? `${h.newStart}` : `${h.newStart},${h.newLines}`;
    lines.push(`@@ -${oldRange} +${newRange} @@`);
    lines.push(...h.lines);
  }
  return `${lines.join('\n')}\n`;
}

const C_ESCAPES: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\t': '\\t', '\n': '\\n', '\v': '\\v', '\f': '\\f', '\r': '\\r', '"': '\\"', '\\': '\\\\' };

/**
 * A path as git writes it in a patch header: C-quoted when it holds a quote, a backslash or a
 * control character (a tab or newline would otherwise end the name), as is otherwise.
 */
export function quotePath(p: string): string {
  if (!/["\\\x00-\x1f\x7f]/.test(p)) return p;
  let out = '';
  for (const ch of p) {
    const code = ch.codePointAt(0)!;
    if (C_ESCAPES[ch]) out += C_ESCAPES[ch];
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `"${out}"`;
}
