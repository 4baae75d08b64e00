import type * as TsMorph from 'ts-morph';
import { onlyDeclaration } from './local-declaration.js';

/**
 * The one declaration a module exports under `name`, read from its statements alone: the name is
 * bound once in the whole module (onlyDeclaration), by an `export const|let|var|function|class`,
 * and no export statement names it again. Undefined when the statements do not settle it
 * (re-exports, `export =`, merged declarations, CommonJS, default exports): ts-morph's
 * getExportedDeclarations answers then, at the price of a program and a type checker for the batch,
 * which was most of what following an imported options object cost.
 */
export function exportedDeclaration(tm: typeof TsMorph, sf: TsMorph.SourceFile, name: string): TsMorph.Node | undefined {
  if (name === 'default') return undefined;
  const ts = tm.ts;
  // A JavaScript module may export through module.exports or exports.x, which only the checker follows.
  if (/\.[cm]?jsx?$/.test(sf.getFilePath()) && /\b(module\.exports|exports\s*\.|exports\s*\[)/.test(sf.getFullText())) return undefined;
  for (const c of sf.compilerNode.statements) {
    // `export * from`, `export * as x from`, `export { a as name }`, `export =`: the checker follows those.
    if (ts.isExportDeclaration(c) && (!c.exportClause || !ts.isNamedExports(c.exportClause) || c.exportClause.elements.some((e) => e.name.text === name))) return undefined;
    if (ts.isExportAssignment(c) && c.isExportEquals) return undefined;
  }
  const decl = onlyDeclaration(tm, sf, name);
  if (!decl) return undefined;
  const statement = ts.isVariableDeclaration(decl.compilerNode) ? decl.compilerNode.parent.parent : decl.compilerNode;
  return exportedDirectly(ts, statement as TsMorph.ts.Statement) ? decl : undefined;
}

/** `export const x`, `export function f`: exported under its own name (not `export default function f`, not `declare`). */
function exportedDirectly(ts: typeof TsMorph.ts, c: TsMorph.ts.Statement): boolean {
  const mods = ts.canHaveModifiers(c) ? (ts.getModifiers(c) ?? []) : [];
  const has = (k: TsMorph.ts.SyntaxKind) => mods.some((m) => m.kind === k);
  return has(ts.SyntaxKind.ExportKeyword) && !has(ts.SyntaxKind.DefaultKeyword) && !has(ts.SyntaxKind.DeclareKeyword);
}
