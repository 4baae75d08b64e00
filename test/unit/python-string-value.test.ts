import { describe, expect, it } from 'vitest';
import { parsePython } from '../../src/languages/python/parser.js';
import { descendants, stringValue } from '../../src/languages/python/syntax.js';

// A literal's value as Python reads it, or null where it cannot be read exactly: a rule that reads a
// URL or SQL from source must never see `\n` as a backslash and an n.
describe('stringValue', () => {
  it('decodes simple escapes and refuses what it cannot read exactly', async () => {
    const cases: [string, string | null][] = [
      [String.raw`"x\ny"`, 'x\ny'],
      [String.raw`'it\'s'`, "it's"],
      [String.raw`"a\\b"`, 'a\\b'],
      [String.raw`"tab\there"`, 'tab\there'],
      [String.raw`"plain $1"`, 'plain $1'],
      [String.raw`"hex\x41"`, null],
      [String.raw`r"\d+"`, null],
      [String.raw`r"no escapes"`, 'no escapes'],
      [String.raw`f"{x}"`, null],
      [String.raw`b"bytes"`, null],
      ['"""multi\nline"""', 'multi\nline'],
    ];
    for (const [src, want] of cases) {
      const tree = await parsePython(`v = ${src}\n`);
      try {
        const s = [...descendants(tree.rootNode, 'string')][0]!;
        expect(stringValue(s), src).toBe(want);
      } finally {
        tree.delete();
      }
    }
  });
});
