import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type * as TsMorph from 'ts-morph';
import { exportedDeclaration } from '../../src/languages/js/exported-declaration.js';

const tm = createRequire(import.meta.url)('ts-morph') as typeof TsMorph;

// Module shapes and the name asked for. Wherever the statements settle the answer, it must be the
// node ts-morph's checker-backed getExportedDeclarations gives first; elsewhere, no answer at all.
const CASES: { text: string; name: string; settled: boolean; file?: string }[] = [
  { text: 'export const options = { max: 10 };', name: 'options', settled: true },
  { text: 'export let a = 1, options = { max: 1 };', name: 'options', settled: true },
  { text: 'export var options = { max: 1 };\nexport const other = 2;', name: 'options', settled: true },
  { text: 'export function make() { return { max: 1 }; }', name: 'make', settled: true },
  { text: 'export class Db {}', name: 'Db', settled: true },
  { text: 'import x from "./x";\nexport const options = { ...x };', name: 'options', settled: true },
  { text: 'export const options = { max: 1 };\nexport default options;', name: 'options', settled: true },
  { text: 'export const options = { max: 1 };', name: 'missing', settled: true },
  { text: 'const options = { max: 1 };\nexport { options };', name: 'options', settled: false },
  { text: 'const o = { max: 1 };\nexport { o as options };', name: 'options', settled: false },
  { text: 'export * from "./other";\nexport const options = { max: 1 };', name: 'options', settled: false },
  { text: 'export * as options from "./other";', name: 'options', settled: false },
  { text: 'export { options } from "./other";', name: 'options', settled: false },
  { text: 'export const { options } = { options: { max: 1 } };', name: 'options', settled: false },
  { text: 'export function make(a: string): void;\nexport function make(a: number): void;\nexport function make(a: unknown) {}', name: 'make', settled: false },
  { text: 'export interface Db { a: 1 }\nexport const Db = { max: 1 };', name: 'Db', settled: false },
  { text: 'export namespace Db { export const a = 1; }\nexport function Db() {}', name: 'Db', settled: false },
  { text: 'const options = { max: 1 };', name: 'options', settled: false },
  { text: 'export default function options() {}', name: 'options', settled: false },
  { text: 'export default { max: 1 };', name: 'default', settled: false },
  { text: 'declare const x: number;\nexport declare const options: { max: number };', name: 'options', settled: false },
  { text: 'import { options } from "./other";\nexport { options };', name: 'options', settled: false },
  { text: 'const options = { max: 1 };\nexport = options;', name: 'options', settled: false },
  { text: 'export const options = { max: 1 };\nmodule.exports.options = { max: 2 };', name: 'options', settled: false, file: 'm.js' },
  { text: 'exports.options = { max: 2 };', name: 'options', settled: false, file: 'm.cjs' },
  { text: 'export const options = { max: 1 };', name: 'options', settled: true, file: 'm.mjs' },
];

describe('exported declarations read from the statements', () => {
  it('agree with the checker wherever they answer, and answer where the statements settle it', () => {
    const project = new tm.Project({ compilerOptions: { allowJs: true, noLib: true, types: [] }, useInMemoryFileSystem: true });
    project.createSourceFile('/other.ts', 'export const options = { max: 3 };\nexport const a = 1;');
    project.createSourceFile('/x.ts', 'export default { max: 4 };');
    let answered = 0;
    for (const [i, c] of CASES.entries()) {
      const sf = project.createSourceFile(`/case${i}/${c.file ?? 'm.ts'}`, c.text);
      const fast = exportedDeclaration(tm, sf, c.name);
      const checker = sf.getExportedDeclarations().get(c.name)?.[0];
      if (c.settled) {
        expect(fast, c.text).toBe(checker);
        answered++;
      } else expect(fast, c.text).toBeUndefined();
    }
    expect(answered).toBeGreaterThan(6);
  });
});
