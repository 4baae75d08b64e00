import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCodemod } from '../../src/codemod/run.js';
import type { Codemod } from '../../src/codemod/types.js';
import { expressionsStillParse } from '../../src/languages/js/expression-check.js';
import { nodeAt, parseJs } from '../../src/languages/js/parser.js';

const edit = (start: number, end: number, text: string) => ({ start, end, text, kind: 'test', description: 'test' });

describe('expressionsStillParse', () => {
  const src = 'const sql = postgres(url, { max: 5 });\nexport default sql;\n';
  const obj = { start: src.indexOf('{'), end: src.indexOf('}') + 1, type: 'ObjectExpression' };
  const call = { start: src.indexOf('postgres'), end: src.indexOf(')') + 1, type: 'CallExpression' };

  it('accepts an edit that keeps the object literal one object literal', () => {
    expect(expressionsStillParse('a.ts', src, [edit(obj.end - 2, obj.end - 2, ', prepare: false')], [obj])).toBe(true);
    expect(expressionsStillParse('a.js', src, [edit(call.end - 1, call.end - 1, ', { prepare: false }')], [call])).toBe(true);
  });

  it('refuses an edit that breaks the expression, or makes it another node', () => {
    expect(expressionsStillParse('a.ts', src, [edit(obj.end - 2, obj.end - 2, ' prepare: false')], [obj])).toBe(false);
    expect(expressionsStillParse('a.ts', src, [edit(obj.end - 1, obj.end, '')], [obj])).toBe(false);
    // Still parses alone, but as a sequence, not as the object literal it replaces.
    expect(expressionsStillParse('a.ts', src, [edit(obj.end, obj.end, '')].concat(edit(obj.start, obj.end, '{}, x')), [obj])).toBe(false);
    expect(expressionsStillParse('a.ts', src, [edit(obj.start, obj.end, '({ a: 1 })')], [obj])).toBe(false);
  });

  it('refuses an edit outside every declared expression, including insertions at its edges', () => {
    expect(expressionsStillParse('a.ts', src, [edit(0, 0, '// x\n')], [obj])).toBe(false);
    expect(expressionsStillParse('a.ts', src, [edit(obj.end, obj.end, ', 1')], [obj])).toBe(false);
    expect(expressionsStillParse('a.ts', src, [edit(obj.start, obj.start, 'x')], [obj])).toBe(false);
    expect(expressionsStillParse('a.ts', src, [edit(obj.end - 2, obj.end - 2, ', prepare: false')], [])).toBe(false);
  });
});

describe('validation of JS/TS edits inside declared expressions', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-exprcheck-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // A rule that declares the options object and writes the given text into it.
  const codemod = (insert: string): Codemod<null> => ({
    name: 'expr-test',
    summary: 'test',
    triggers: ['postgres'],
    scan: () => null,
    async transform(ctx) {
      const root = parseJs(ctx.file.rel, ctx.file.text);
      ctx.noteParsed();
      const obj = nodeAt(root, new Set(['ObjectExpression']), ctx.file.text.indexOf('{ max'))!;
      ctx.noteExpression(obj.start, obj.end, obj.type);
      ctx.edit(obj.end - 2, obj.end - 2, insert, 'test', 'test');
    },
  });

  for (const ext of ['ts', 'js', 'tsx']) {
    it(`writes a good edit and refuses a broken one (.${ext})`, async () => {
      const d = fs.mkdtempSync(path.join(dir, `${ext}-`));
      fs.writeFileSync(path.join(d, `db.${ext}`), 'import postgres from "postgres";\nexport const sql = postgres(process.env.URL, { max: 5 });\n');
      const good = await runCodemod(codemod(', prepare: false'), { root: d, paths: [d] });
      expect(good.changed.map((c) => c.after)).toEqual(['import postgres from "postgres";\nexport const sql = postgres(process.env.URL, { max: 5, prepare: false });\n']);
      const broken = await runCodemod(codemod(' prepare: false'), { root: d, paths: [d] });
      expect(broken.changed).toEqual([]);
      expect(broken.skipped.map((s) => s.reason)).toEqual(['the change would make the file invalid (JS/TS no longer parses); file left unchanged']);
    });
  }
});

describe('validation of a file only TypeScript reads', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-tsonly-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  // An import assertion: TypeScript reads it, jscodeshift's parser refuses it.
  const source = "import postgres from 'postgres';\nimport cfg from './cfg.json' assert { type: 'json' };\nexport const sql = postgres(cfg.url, cfg.options);\n";

  // A rule that asks for a marker at the call, plus, optionally, an edit of its own after it.
  const codemod = (insert: string | null): Codemod<null> => ({
    name: 'ts-only-test',
    summary: 'test',
    triggers: ['postgres'],
    scan: () => null,
    async transform(ctx) {
      ctx.noteParsed();
      const at = ctx.file.text.indexOf('postgres(cfg');
      ctx.followUp(at, 'test', 'set prepare: false where the options are built');
      if (insert !== null) ctx.edit(at, at, insert, 'test', 'test');
    },
  });

  it('writes a marker into it, judged by TypeScript', async () => {
    const d = fs.mkdtempSync(path.join(dir, 'marker-'));
    fs.writeFileSync(path.join(d, 'db.ts'), source);
    expect(() => parseJs('db.ts', source)).toThrow();
    const r = await runCodemod(codemod(null), { root: d, paths: [d] });
    expect(r.skipped).toEqual([]);
    expect(r.changed.map((c) => c.after)).toEqual([source.replace('export const sql', '// migrate-driver: TODO set prepare: false where the options are built\nexport const sql')]);
    expect(r.followUps.map((f) => f.marked)).toEqual([true]);
  });

  it('refuses an edit TypeScript no longer reads, and then says its marker is not written', async () => {
    const d = fs.mkdtempSync(path.join(dir, 'broken-'));
    fs.writeFileSync(path.join(d, 'db.ts'), source);
    const r = await runCodemod(codemod('('), { root: d, paths: [d] });
    expect(r.changed).toEqual([]);
    expect(r.skipped.map((s) => s.reason)).toEqual(['the change would make the file invalid (TypeScript no longer parses it); file left unchanged']);
    expect(r.followUps.map((f) => [f.line, f.marked])).toEqual([[3, false]]);
  });
});
