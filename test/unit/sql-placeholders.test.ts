import { describe, expect, it } from 'vitest';
import { applySqlEdits, toPercent, usesAll } from '../../src/languages/sql/placeholders.js';
import { scanSql } from '../../src/languages/sql/scan.js';
import { runPython, VENV_PYTHON } from '../support/python.js';

const numbers = (sql: string) => {
  const s = scanSql(sql);
  return 'why' in s ? s.why : s.placeholders.map((p) => p.n);
};

const percent = (sql: string) => {
  const q = toPercent(sql);
  return 'why' in q ? q.why : { style: q.style, text: applySqlEdits(sql, q.edits) };
};

describe('scanSql: where PostgreSQL sees $n parameters', () => {
  it('finds parameters in order, with casts and $10 beside $1', () => {
    expect(numbers('SELECT $1::int, $10, $2::text[] FROM t WHERE a = $1')).toEqual([1, 10, 2, 1]);
    expect(numbers('SELECT $1+$2,($3)')).toEqual([1, 2, 3]);
  });

  it("skips strings, '' inside them, quoted identifiers and E'' escapes", () => {
    expect(numbers("SELECT '$1', 'it''s $2', $3")).toEqual([3]);
    expect(numbers('SELECT "$1", "a""$2", $3')).toEqual([3]);
    expect(numbers("SELECT E'\\'$1', e'\\\\', $2")).toEqual([2]);
    expect(numbers("SELECT E'$1''$2', $3")).toEqual([3]);
    // Not E'': an identifier ending in e, then an ordinary string where a backslash is a plain character.
    expect(numbers("SELECT CASE WHEN x THEN'\\\\' ELSE $1 END")).toEqual([1]);
    expect(numbers("SELECT U&'d\\0061t$1', B'01', X'1F', N'x$2', $3")).toEqual([3]);
  });

  it('skips comments, nested block comments included', () => {
    expect(numbers('SELECT 1 -- $1\n, $2')).toEqual([2]);
    expect(numbers('SELECT 1 -- $1\r, $2')).toEqual([2]);
    expect(numbers('SELECT /* $1 /* $2 */ $3 */ $4')).toEqual([4]);
  });

  it('skips dollar-quoted bodies: $$...$$ and $tag$...$tag$, but $1 is a parameter', () => {
    expect(numbers('SELECT $$ $1 $$, $1')).toEqual([1]);
    expect(numbers('SELECT $fn$ $1 $$ $2 $fn$, $3')).toEqual([3]);
    expect(numbers('DO $_x1$ BEGIN RAISE NOTICE \'$1\'; END $_x1$')).toEqual([]);
  });

  it('treats $ inside an identifier as part of it', () => {
    expect(numbers('SELECT a$1, b$$c, $2 FROM t')).toEqual([2]);
  });

  it('gives a reason instead of a guess', () => {
    expect(numbers("SELECT 'open")).toMatch(/unclosed string/);
    expect(numbers('SELECT "open')).toMatch(/unclosed quoted identifier/);
    expect(numbers('SELECT /* /* */ x')).toMatch(/unclosed \/\* comment/);
    expect(numbers('SELECT $$ x')).toMatch(/unclosed \$\$ body/);
    expect(numbers("SELECT E'x\\'")).toMatch(/unclosed E/);
    expect(numbers('SELECT $1x')).toMatch(/unusual parameter/);
    expect(numbers('SELECT $01')).toMatch(/unusual parameter/);
    expect(numbers('SELECT $ 1')).toMatch(/neither a parameter/);
    // standard_conforming_strings decides where this string ends.
    expect(numbers("SELECT 'a\\', $1")).toMatch(/standard_conforming_strings/);
    expect(numbers("SELECT 'a\\\\', $1")).toEqual([1]);
    expect(numbers("SELECT 'a\\_b' LIKE x, $1")).toEqual([1]);
  });
});

describe('toPercent: $n -> %s or %(pN)s, every % doubled', () => {
  it('$1..$N once each in order: %s, casts kept', () => {
    expect(percent('SELECT a FROM t WHERE b = $1 AND c = $2::int')).toEqual({ style: 'positional', text: 'SELECT a FROM t WHERE b = %s AND c = %s::int' });
  });

  it('a repeated or out-of-order $n: %(pN)s', () => {
    expect(percent('SELECT $1 OR lower($1) = $2')).toEqual({ style: 'named', text: 'SELECT %(p1)s OR lower(%(p1)s) = %(p2)s' });
    expect(percent('SELECT $2, $1')).toEqual({ style: 'named', text: 'SELECT %(p2)s, %(p1)s' });
    expect(percent('SELECT $1, $10, $1')).toEqual({ style: 'named', text: 'SELECT %(p1)s, %(p10)s, %(p1)s' });
  });

  it('doubles every %: operators, LIKE patterns, strings, comments, dollar bodies', () => {
    expect(percent("SELECT $1 % 2 WHERE s LIKE 'W-%' -- 10% off\n/* 5% */ AND $$%$$ <> $2")).toEqual({
      style: 'positional',
      text: "SELECT %s %% 2 WHERE s LIKE 'W-%%' -- 10%% off\n/* 5%% */ AND $$%%$$ <> %s",
    });
    expect(percent("SELECT format('%s %%', x)")).toEqual({ style: 'positional', text: "SELECT format('%%s %%%%', x)" });
  });

  it('a text the scanner cannot read is not converted', () => {
    expect(percent("SELECT 'a\\' || $1")).toMatch(/standard_conforming_strings/);
  });

  it('usesAll: every argument used, none missing', () => {
    const q = toPercent('SELECT $1, $3');
    if ('why' in q) throw new Error(q.why);
    expect(q.numbers).toEqual([1, 3]);
    expect(usesAll(q.numbers, 3)).toBe(false);
    expect(usesAll([1, 2, 3], 3)).toBe(true);
    expect(usesAll([1, 2], 3)).toBe(false);
  });
});

/**
 * psycopg itself reads the converted text: what it would send must be asyncpg's SQL (renumbered by
 * first use for %(pN)s), with the arguments in the matching order. No server needed for this part.
 */
describe('toPercent, read back by psycopg', () => {
  const CASES: [string, unknown[]][] = [
    ["SELECT sku FROM p WHERE sku LIKE 'WID-%' AND price >= $1 AND name LIKE $2 || '%'", ['9.5', 'W']],
    ['SELECT $1 OR lower($1) = $2 -- 100% $3\n', ['a', 'b']],
    ['SELECT $2::int, $1::text, $2 % 7', ['x', '3']],
    ['SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $1 /* $11 %(p1)s */', ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10']],
    ["SELECT format('%s: %%', $1), $$ %(x)s $1 $$, E'\\'%'", ['k']],
  ];

  it('sends the same statement and arguments', async () => {
    const converted = CASES.map(([sql, args]) => {
      const q = toPercent(sql);
      if ('why' in q) throw new Error(q.why);
      const params = q.style === 'positional' ? args : Object.fromEntries(args.map((a, i) => [`p${i + 1}`, a]));
      // What the server must get: $n renumbered in order of first use (the identity for %s).
      const s = scanSql(sql);
      if ('why' in s) throw new Error(s.why);
      const first = [...new Set(s.placeholders.map((p) => p.n))];
      const expected = applySqlEdits(sql, s.placeholders.map((p) => ({ start: p.start, end: p.end, text: `$${first.indexOf(p.n) + 1}` })));
      return { text: applySqlEdits(sql, q.edits), params, expected, order: first.map((n) => args[n - 1]) };
    });
    const script = [
      'import json, sys',
      'from psycopg.adapt import Transformer',
      'from psycopg._queries import PostgresQuery',
      'out = []',
      'for c in json.loads(sys.argv[1]):',
      '    q = PostgresQuery(Transformer())',
      '    q.convert(c["text"], c["params"])',
      '    out.append({"query": q.query.decode(), "params": [None if p is None else bytes(p).decode() for p in q.params]})',
      'print(json.dumps(out))',
    ].join('\n');
    const r = await runPython(['-c', script, JSON.stringify(converted)], {}, 60_000, { python: VENV_PYTHON });
    expect(r.stderr).toBe('');
    const got = JSON.parse(r.stdout) as { query: string; params: string[] }[];
    expect(got.map((g) => g.query)).toEqual(converted.map((c) => c.expected));
    expect(got.map((g) => g.params)).toEqual(converted.map((c) => c.order.map(String)));
    // The renumbering is real for the named cases, the identity for the positional one.
    expect(converted[0]!.expected).toBe(CASES[0]![0]);
    expect(converted[2]!.expected).toContain('SELECT $1::int, $2::text, $1 % 7');
  });
});
