import type * as TsMorph from 'ts-morph';
import { wrapNode } from './wrap-node.js';

type Ts = typeof TsMorph.ts;

/** Per file: every declaration that binds a name, in any scope, by that name. */
const bindings = new WeakMap<TsMorph.ts.SourceFile, Map<string, TsMorph.ts.Node[]>>();

/**
 * The declaration a name refers to in a module that binds it once, anywhere, as a top-level
 * `const|let|var`, function or class: with no other binding of that name in the file, nothing can
 * shadow it. Undefined otherwise (a parameter, a nested or second binding, a script file whose
 * top-level names are global): ts-morph's symbol answers then, at the price of a program and a type
 * checker for the batch.
 */
export function onlyDeclaration(tm: typeof TsMorph, sf: TsMorph.SourceFile, name: string): TsMorph.Node | undefined {
  const ts = tm.ts;
  const c = sf.compilerNode;
  if (!ts.isExternalModule(c)) return undefined;
  let byName = bindings.get(c);
  if (!byName) bindings.set(c, (byName = bindingsOf(ts, c)));
  const found = byName.get(name);
  if (found?.length !== 1) return undefined;
  const d = found[0]!;
  const topLevel = ts.isVariableDeclaration(d) ? ts.isVariableStatement(d.parent.parent) && d.parent.parent.parent === c : d.parent === c;
  if (!topLevel || !(ts.isVariableDeclaration(d) || ts.isFunctionDeclaration(d) || ts.isClassDeclaration(d))) return undefined;
  return wrapNode(sf, d);
}

function bindingsOf(ts: Ts, sf: TsMorph.ts.SourceFile): Map<string, TsMorph.ts.Node[]> {
  const out = new Map<string, TsMorph.ts.Node[]>();
  const visit = (n: TsMorph.ts.Node): void => {
    if (ts.isIdentifier(n) && bindsName(ts, n)) out.set(n.text, [...(out.get(n.text) ?? []), n.parent]);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** Whether the identifier is the name a declaration binds (values and types alike; an enum member is a name in its enum's initializers). */
function bindsName(ts: Ts, id: TsMorph.ts.Identifier): boolean {
  const p = id.parent as TsMorph.ts.Node & { name?: TsMorph.ts.Node };
  if (p.name !== id) return false;
  return (
    ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isBindingElement(p) || ts.isFunctionDeclaration(p) || ts.isFunctionExpression(p) ||
    ts.isClassDeclaration(p) || ts.isClassExpression(p) || ts.isImportClause(p) || ts.isImportSpecifier(p) || ts.isNamespaceImport(p) ||
    ts.isImportEqualsDeclaration(p) || ts.isEnumDeclaration(p) || ts.isModuleDeclaration(p) || ts.isInterfaceDeclaration(p) ||
    ts.isTypeAliasDeclaration(p) || ts.isTypeParameterDeclaration(p) || ts.isEnumMember(p)
  );
}
