import { structuredPatch } from 'diff';

/**
 * A git-style unified diff (paths relative to the root) that `git apply` accepts.
 * CRLF and BOM bytes stay inside the lines, so the patch describes the real bytes.
 * With `created`, the file does not exist yet: the patch creates it (`--- /dev/null`), mode 100644.
 */
export function unifiedDiff(relPath: string, before: string, after: string, opts: { context?: number; created?: boolean } = {}): string {
  if (before === after && !opts.created) return '';
  const patch = structuredPatch(`a/${relPath}`, `b/${relPath}`, before, after, '', '', { context: opts.context ?? 3 });
  const a = quotePath(`a/${relPath}`);
  const b = quotePath(`b/${relPath}`);
  const lines = [`diff --git ${a} ${b}`];
  if (opts.created) {
    lines.push('new file mode 100644');
    // git writes no ---/+++ lines for an empty new file, and `git apply` wants none without a hunk.
    if (patch.hunks.length) lines.push('--- /dev/null', `+++ ${b}`);
  } else lines.push(`--- ${a}`, `+++ ${b}`);
  for (const h of patch.hunks) {
    lines.push(`@@ -${range(h.oldStart, h.oldLines)} +${range(h.newStart, h.newLines)} @@`);
    lines.push(...h.lines);
  }
  return `${lines.join('\n')}\n`;
}

/** A hunk range as diff and git write it: an empty range names the line before it (`0,0` for an empty file). */
const range = (start: number, n: number) => (n === 1 ? `${start}` : n === 0 ? `${start - 1},0` : `${start},${n}`);

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
