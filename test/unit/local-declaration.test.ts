import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type * as TsMorph from 'ts-morph';
import { onlyDeclaration } from '../../src/languages/js/local-declaration.js';

const tm = createRequire(import.meta.url)('ts-morph') as typeof TsMorph;

// Files with names bound once at the top level, and names bound again in nested scopes, as
// parameters, catch variables, destructured, hoisted `var`s or in script files. Every reference
// the syntactic answer covers must resolve to the very declaration the type checker gives.
const FILES: Record<string, string> = {
  '/a.ts': `import postgres from 'postgres';
export const options = { max: 1 };
const shadowed = { max: 2 };
function make(shadowed: object) { return postgres('u', shadowed); }
export function factory() { return postgres('u', options); }
class Db { open() { return postgres('u', options); } }
const once = postgres('u', { ...options });
try { make(options); } catch (shadowed) { void shadowed; }
export const viaClass = new Db();
void once; void factory;`,
  '/b.ts': `import postgres from 'postgres';
const opts = { max: 1 };
function inner() { if (Math.random()) { var opts = { max: 2 }; } return postgres('u', opts); }
const { a, b: renamed } = { a: 1, b: 2 };
export const sql = postgres('u', opts);
void inner; void a; void renamed;`,
  '/c.ts': `import postgres from 'postgres';
const cfg = { max: 1 };
const list = [cfg].map((cfg) => postgres('u', cfg));
export function pick<cfg>(x: cfg) { return x; }
export const sql = postgres('u', cfg);
const Max = 5;
export enum Limits { Max = 10, Twice = Max * 2 }
void list;`,
  '/script.js': `var shared = { max: 1 };
function useIt() { return shared; }
useIt();`,
  '/other-script.js': `var shared = { max: 2 };`,
};

describe('names a module binds once, read without a type checker', () => {
  it('resolve to the declaration the checker gives, and only where nothing can shadow them', () => {
    const project = new tm.Project({ compilerOptions: { allowJs: true, noLib: true, types: [] }, useInMemoryFileSystem: true });
    for (const [p, text] of Object.entries(FILES)) project.createSourceFile(p, text);
    let answered = 0;
    let declined = 0;
    for (const sf of project.getSourceFiles()) {
      for (const id of sf.getDescendantsOfKind(tm.SyntaxKind.Identifier)) {
        const parent = id.getParent();
        // References only: not the names declarations bind, nor property names.
        if ((parent as { getNameNode?: () => unknown }).getNameNode?.() === id) continue;
        if (tm.Node.isPropertyAccessExpression(parent) && parent.getNameNode() === id) continue;
        const fast = onlyDeclaration(tm, sf, id.getText());
        if (!fast) {
          declined++;
          continue;
        }
        expect(fast, `${sf.getBaseName()}:${id.getStartLineNumber()} ${id.getText()}`).toBe(id.getSymbol()?.getDeclarations()?.[0]);
        answered++;
      }
    }
    expect(answered).toBeGreaterThan(8);
    expect(declined).toBeGreaterThan(8);
    // Shadowed, nested, hoisted and global names are left to the checker.
    const a = project.getSourceFileOrThrow('/a.ts');
    const b = project.getSourceFileOrThrow('/b.ts');
    const c = project.getSourceFileOrThrow('/c.ts');
    expect(onlyDeclaration(tm, a, 'shadowed')).toBeUndefined();
    expect(onlyDeclaration(tm, b, 'opts')).toBeUndefined();
    expect(onlyDeclaration(tm, b, 'a')).toBeUndefined();
    expect(onlyDeclaration(tm, c, 'cfg')).toBeUndefined();
    expect(onlyDeclaration(tm, c, 'Max')).toBeUndefined();
    expect(onlyDeclaration(tm, project.getSourceFileOrThrow('/script.js'), 'shared')).toBeUndefined();
    expect(onlyDeclaration(tm, a, 'options')?.getKindName()).toBe('VariableDeclaration');
    expect(onlyDeclaration(tm, a, 'Db')?.getKindName()).toBe('ClassDeclaration');
  });
});
