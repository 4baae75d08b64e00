import type * as TsMorph from 'ts-morph';

type Ts = typeof TsMorph.ts;

/**
 * The one declaration a module exports under `name`, read from its top-level statements alone:
 * `export const|let|var name = ...`, `export function name` or `export class name`, when nothing
 * else in the module declares, imports or re-exports that name. Undefined when the statements do
 * not settle it (re-exports, `export =`, merged declarations, CommonJS, default exports): ts-morph's
 * getExportedDeclarations answers then, at the price of a program and a type checker for the batch,
 * which was most of what following an imported options object cost.
 */
export function exportedDeclaration(tm: typeof TsMorph, sf: TsMorph.SourceFile, name: string): TsMorph.Node | undefined {
  if (name === 'default') return undefined;
  const ts = tm.ts;
  // A JavaScript module may export through module.exports or exports.x, which only the checker follows.
  if (/\.[cm]?jsx?$/.test(sf.getFilePath()) && /\b(module\.exports|exports\s*\.|exports\s*\[)/.test(sf.getFullText())) return undefined;
  let found: TsMorph.Node | undefined;
  for (const st of sf.getStatements()) {
    const c = st.compilerNode;
    if (ts.isExportDeclaration(c)) {
      // `export * from`, `export * as x from`, `export { a as name }`: the checker follows those.
      if (!c.exportClause || !ts.isNamedExports(c.exportClause) || c.exportClause.elements.some((e) => e.name.text === name)) return undefined;
      continue;
    }
    if (ts.isExportAssignment(c)) {
      if (c.isExportEquals) return undefined;
      continue;
    }
    if (!declaredNames(ts, c).includes(name)) continue;
    // Declared twice (overloads, a namespace or interface merged with it), or declared but not exported here.
    if (found || !exportedDirectly(ts, c)) return undefined;
    if (ts.isVariableStatement(c)) {
      const decl = (st as TsMorph.VariableStatement).getDeclarations().find((d) => ts.isIdentifier(d.compilerNode.name) && d.compilerNode.name.text === name);
      if (!decl) return undefined; // bound inside a destructuring pattern
      found = decl;
    } else if (ts.isFunctionDeclaration(c) || ts.isClassDeclaration(c)) found = st;
    else return undefined;
  }
  return found;
}

/** Names a top-level statement binds (in either space: a type merged with a value counts). */
function declaredNames(ts: Ts, c: TsMorph.ts.Statement): string[] {
  if (ts.isVariableStatement(c)) return c.declarationList.declarations.flatMap((d) => bindingNames(ts, d.name));
  if (ts.isFunctionDeclaration(c) || ts.isClassDeclaration(c) || ts.isInterfaceDeclaration(c) || ts.isTypeAliasDeclaration(c) || ts.isEnumDeclaration(c)) return c.name ? [c.name.text] : [];
  if (ts.isModuleDeclaration(c)) return ts.isIdentifier(c.name) ? [c.name.text] : [];
  if (ts.isImportEqualsDeclaration(c)) return [c.name.text];
  if (ts.isImportDeclaration(c)) {
    const clause = c.importClause;
    if (!clause) return [];
    const out = clause.name ? [clause.name.text] : [];
    const b = clause.namedBindings;
    if (b && ts.isNamespaceImport(b)) out.push(b.name.text);
    else if (b) out.push(...b.elements.map((e) => e.name.text));
    return out;
  }
  return [];
}

function bindingNames(ts: Ts, n: TsMorph.ts.BindingName): string[] {
  if (ts.isIdentifier(n)) return [n.text];
  return n.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(ts, e.name)));
}

/** `export const x`, `export function f`: exported under its own name (not `export default function f`, not `declare`). */
function exportedDirectly(ts: Ts, c: TsMorph.ts.Statement): boolean {
  const mods = ts.canHaveModifiers(c) ? (ts.getModifiers(c) ?? []) : [];
  const has = (k: TsMorph.ts.SyntaxKind) => mods.some((m) => m.kind === k);
  return has(ts.SyntaxKind.ExportKeyword) && !has(ts.SyntaxKind.DefaultKeyword) && !has(ts.SyntaxKind.DeclareKeyword);
}
