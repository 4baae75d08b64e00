import { describe, expect, it } from 'vitest';
import { parseRequirement, requirementLines } from '../../src/languages/config/requirement.js';
import { tomlLines, tomlStrings } from '../../src/languages/config/toml-lines.js';

describe('requirements', () => {
  it('reads names, extras, specifiers and markers', () => {
    expect(parseRequirement('Asyncpg[gssauth] >=0.29,<1 ; python_version>"3.8"')).toMatchObject({ name: 'asyncpg', extras: ['gssauth'], specifier: '>=0.29,<1', marker: 'python_version>"3.8"' });
    expect(parseRequirement('-r base.txt')).toBeNull();
  });
  it('finds requirement lines, skipping options and comments, and sees --hash on continuation lines', () => {
    const text = '-r base.txt\n# asyncpg\nasyncpg==0.29.0 \\\n    --hash=sha256:00\nfastapi  # web\n';
    const lines = requirementLines(text);
    expect(lines.map((l) => [l.req.name, l.hashed, text.slice(l.start, l.end)])).toEqual([
      ['asyncpg', true, 'asyncpg==0.29.0'],
      ['fastapi', false, 'fastapi'],
    ]);
  });
});

describe('TOML lines', () => {
  it('tracks tables and multi-line arrays', () => {
    const text = '[project]\nname = "x"\ndependencies = [\n  "a", # [not a bracket]\n  "b",\n]\n[tool.poetry.dependencies]\nasyncpg = "^0.29"\n';
    const lines = tomlLines(text);
    const deps = lines.filter((l) => l.table === 'project' && l.arrayKey === 'dependencies');
    expect(deps.flatMap((l) => tomlStrings(l).map((s) => s.value))).toEqual(['a', 'b']);
    const poetry = lines.find((l) => l.key === 'asyncpg')!;
    expect(poetry.table).toBe('tool.poetry.dependencies');
  });
});
