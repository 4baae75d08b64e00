import { describe, expect, it } from 'vitest';
import { literalMap, rewriteLiteral } from '../../src/languages/python/literal-map.js';
import { parsePython, type Node } from '../../src/languages/python/parser.js';
import { applySqlEdits, toPercent } from '../../src/languages/sql/placeholders.js';
import { runPython, VENV_PYTHON } from '../support/python.js';

/** The expression of `q = <expr>`. */
async function expr(src: string): Promise<Node> {
  const tree = await parsePython(`q = ${src}\n`);
  return tree.rootNode.namedChildren[0]!.namedChildren[0]!.childForFieldName('right')!;
}

/** Python's own value of each literal expression (no names in reach), decoded by the interpreter (bytes as latin-1). */
async function pythonValues(exprs: string[]): Promise<string[]> {
  const script = 'import json, sys\nv = [eval(e, {"__builtins__": {}}) for e in json.loads(sys.argv[1])]\nprint(json.dumps([x.decode("latin-1") if isinstance(x, bytes) else x for x in v]))';
  const r = await runPython(['-W', 'ignore', '-c', script, JSON.stringify(exprs)], {}, 60_000, { python: VENV_PYTHON });
  if (r.code !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as string[];
}

/** The literal rewritten with toPercent's edits, or the reason it was not. */
async function rewrite(src: string): Promise<string> {
  const n = await expr(src);
  const map = literalMap(n);
  if (!map) return 'not a literal';
  const q = toPercent(map.value);
  if ('why' in q) return q.why;
  return rewriteLiteral(n, map, q.edits) ?? 'an edit spans two literals';
}

const LITERALS = [
  String.raw`"SELECT $1 || '%'"`,
  String.raw`r"SELECT E'\'$1', $1 || '\%'"`,
  String.raw`'SELECT \'x\' || $1 -- 5\x25 off\n'`,
  String.raw`"SELECT \x241, $1, '\u00e9%', '\N{PERCENT SIGN}'"`,
  String.raw`b"SELECT \x24\x31 || '\u0025' || $2"`,
  String.raw`("SELECT $1 "  # a comment between the parts
   'WHERE a LIKE \'%\' ' + """AND
b = $2""")`,
  String.raw`"SELECT $1\
 % 2"`,
];

describe('literalMap: a Python literal value and where each character comes from', () => {
  it('decodes values exactly as Python does (escapes, raw, bytes, concatenation, +)', async () => {
    const want = await pythonValues(LITERALS);
    const got: (string | null)[] = [];
    for (const src of LITERALS) got.push(literalMap(await expr(src))?.value ?? null);
    // \N{...} is not decoded here: that literal must say so rather than guess.
    expect(got[3]).toBeNull();
    expect(got.filter((_, i) => i !== 3)).toEqual(want.filter((_, i) => i !== 3));
  });

  it('gives no map for f-strings, names and calls', async () => {
    for (const src of ['f"SELECT {x} $1"', 'Q', 'build("x")', '"a" + Q', 'rf"$1{x}"']) expect(literalMap(await expr(src)), src).toBeNull();
  });
});

describe('rewriteLiteral: SQL edits written back into the source', () => {
  it('writes %s / %% into the literal so that Python reads the converted SQL', async () => {
    const cases = LITERALS.filter((_, i) => i !== 3);
    const rewritten: string[] = [];
    const expected: string[] = [];
    for (const src of cases) {
      rewritten.push(await rewrite(src));
      const map = literalMap(await expr(src))!;
      const q = toPercent(map.value);
      if ('why' in q) throw new Error(q.why);
      expected.push(applySqlEdits(map.value, q.edits));
    }
    expect(await pythonValues(rewritten)).toEqual(expected);
    // Escapes that are not SQL-relevant stay as written; a %-producing escape becomes %%.
    expect(rewritten[0]).toBe(String.raw`"SELECT %s || '%%'"`);
    expect(rewritten[1]).toBe(String.raw`r"SELECT E'\'$1', %s || '\%%'"`);
    expect(rewritten[2]).toBe(String.raw`'SELECT \'x\' || %s -- 5%% off\n'`);
    expect(rewritten[3]).toBe(String.raw`b"SELECT %s || '\u0025' || %s"`);
  });

  it('refuses an edit that would span two literals', async () => {
    expect(await rewrite('"SELECT $1" "0"')).toBe('an edit spans two literals');
    expect(await rewrite('"SELECT $" "1"')).toBe('an edit spans two literals');
    // A SQL string may run across two literals; only the edits must not.
    expect(await rewrite(`"SELECT 'a" "b$1' || $1"`)).toBe(`"SELECT 'a" "b$1' || %s"`);
  });
});
