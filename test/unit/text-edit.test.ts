import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyEdits, OverlappingEditsError, type TextEdit } from '../../src/edits/text-edit.js';
import { unifiedDiff } from '../../src/edits/unified-diff.js';
import { removalRange } from '../../src/codemod/layout.js';

const e = (start: number, end: number, text: string): TextEdit => ({ start, end, text, kind: 't', description: `${start}-${end}` });

describe('TextEdit', () => {
  it('applies edits on original offsets, in any order', () => {
    expect(applyEdits('abcdef', [e(4, 6, 'XY'), e(0, 1, 'A')])).toBe('AbcdXY');
  });
  it('keeps two inserts at one offset in the order given', () => {
    expect(applyEdits('ab', [e(1, 1, '1'), e(1, 1, '2')])).toBe('a12b');
  });
  it('rejects overlapping edits', () => {
    expect(() => applyEdits('abcdef', [e(0, 3, 'x'), e(2, 4, 'y')])).toThrow(OverlappingEditsError);
    expect(() => applyEdits('abc', [e(1, 2, 'x'), e(1, 2, 'y')])).toThrow(OverlappingEditsError);
  });
  it('rejects out-of-range edits', () => {
    expect(() => applyEdits('abc', [e(2, 9, 'x')])).toThrow(RangeError);
  });
});

describe('list item removal', () => {
  const text = '{\n    "a": 1,  # why a\n    # about b\n    "b": 2,\n}';
  it('removes a whole line with its comment when the item owns it', () => {
    const a = { start: text.indexOf('"a"'), end: text.indexOf('1,') + 1 };
    const r = removalRange(text, a, null, { start: text.indexOf('"b"'), end: text.indexOf('2,') + 1 });
    expect(text.slice(0, r.start) + text.slice(r.end)).toBe('{\n    # about b\n    "b": 2,\n}');
  });
  it('removes an inline item and one separator', () => {
    const t = '{"a": 1, "b": 2}';
    expect(t.slice(0, 1) + t.slice(removalRange(t, { start: 1, end: 7 }, null, { start: 9, end: 15 }).end)).toBe('{"b": 2}');
    const r = removalRange(t, { start: 9, end: 15 }, { start: 1, end: 7 }, null);
    expect(t.slice(0, r.start) + t.slice(r.end)).toBe('{"a": 1}');
  });
});

describe('unified diff', () => {
  it('is empty for equal texts and git-style otherwise', () => {
    expect(unifiedDiff('a.txt', 'x\n', 'x\n')).toBe('');
    const d = unifiedDiff('dir/a.txt', 'one\ntwo\n', 'one\n2\n');
    expect(d.split('\n').slice(0, 4)).toEqual(['diff --git a/dir/a.txt b/dir/a.txt', '--- a/dir/a.txt', '+++ b/dir/a.txt', '@@ -1,2 +1,2 @@']);
    expect(d).toContain('-two\n+2\n');
  });

  it('writes an empty range as git does: the line before it, 0,0 for an empty side', () => {
    expect(unifiedDiff('a.txt', 'a\nb\n', 'a\nX\nb\n', { context: 0 })).toContain('@@ -1,0 +2 @@\n+X\n');
    expect(unifiedDiff('a.txt', 'a\n', '')).toContain('@@ -1 +0,0 @@\n-a\n');
  });

  it('a created file: new file mode, /dev/null, and git apply creates exactly its bytes', () => {
    const files: [string, string][] = [
      ['pkg/compat.py', 'import psycopg\n\n\ndef f():\n    return 1\n'],
      ['pkg/no_newline.py', 'x = 1'],
      ['pkg/crlf.py', 'a = 1\r\nb = 2\r\n'],
      ['pkg/empty.py', ''],
    ];
    const [compat] = files[0]!;
    expect(unifiedDiff(compat, '', files[0]![1], { created: true })).toBe(
      ['diff --git a/pkg/compat.py b/pkg/compat.py', 'new file mode 100644', '--- /dev/null', '+++ b/pkg/compat.py', '@@ -0,0 +1,5 @@', '+import psycopg', '+', '+', '+def f():', '+    return 1', ''].join('\n'),
    );
    expect(unifiedDiff('pkg/empty.py', '', '', { created: true })).toBe('diff --git a/pkg/empty.py b/pkg/empty.py\nnew file mode 100644\n');

    const repo = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-diff-'));
    try {
      fs.mkdirSync(path.join(repo, 'pkg'));
      execFileSync('git', ['init', '-q'], { cwd: repo });
      const patch = path.join(repo, '..', `${path.basename(repo)}.patch`);
      fs.writeFileSync(patch, files.map(([rel, text]) => unifiedDiff(rel, '', text, { created: true })).join(''));
      try {
        execFileSync('git', ['apply', '--check', '--whitespace=nowarn', patch], { cwd: repo });
        execFileSync('git', ['apply', '--whitespace=nowarn', patch], { cwd: repo }); // CRLF lines read as trailing whitespace
      } finally {
        fs.rmSync(patch);
      }
      for (const [rel, text] of files) expect(fs.readFileSync(path.join(repo, rel), 'utf8'), rel).toBe(text);
    } finally {
      fs.rmSync(repo, { recursive: true, force: true });
    }
  });
});
