import type * as TsMorph from 'ts-morph';
import type { JsProject, Place, TsNode } from './project.js';

/**
 * A file that may run a node-postgres named query config (`client.query({ name, text })`), read
 * by its shape: the client often arrives as a parameter or through a local interface, so the file
 * need not import `pg` at all.
 */
export function mayHoldNamedQuery(text: string): boolean {
  // `name:` or the shorthand `{ text, values, name }`.
  return /\.query\s*(<[^>]*>)?\s*\(/.test(text) && /\bname\s*[:,}]/.test(text) && /\b(text|values)\b/.test(text);
}

export interface NamedQuery {
  /** The `name` property's value. */
  name: TsNode;
  /**
   * Set when the name is a switch (`usePrepared ? "x" : undefined`, a variable, a call): the
   * condition's text, where its default is decided, and what that default makes of the name.
   */
  decidedBy?: {
    condition: string;
    /** The switch itself, and the value of it that leaves the config unnamed (null: not a simple switch). */
    flag: string;
    off: boolean | null;
    defaults: Place[];
    named: boolean | null;
  };
}

/** The named query config passed to a `.query(...)` call, or null when it is not one. */
export function namedQueryOf(p: JsProject, call: TsMorph.CallExpression): NamedQuery | null {
  const { Node } = p;
  const callee = call.getExpression();
  const arg = call.getArguments()[0];
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'query' || !arg) return null;
  const cfg = p.resolve(arg);
  if (cfg.kind !== 'object' || !cfg.props.has('name') || !(cfg.props.has('text') || cfg.props.has('values'))) return null;
  const name = cfg.props.get('name')!;
  const v = p.unwrap(name);
  if (Node.isStringLiteral(v) || Node.isNoSubstitutionTemplateLiteral(v) || Node.isTemplateExpression(v)) return { name };
  let cond: TsNode = v;
  if (Node.isIdentifier(v) || Node.isPropertyAccessExpression(v)) {
    const r = p.resolve(v);
    if (r.kind === 'node' && (Node.isStringLiteral(r.node) || Node.isNoSubstitutionTemplateLiteral(r.node) || Node.isTemplateExpression(r.node))) return { name };
    // `const name = on ? "x" : undefined; query({ name, text })`: the switch is in the local.
    if (r.kind === 'node' && Node.isConditionalExpression(p.unwrap(r.node))) cond = p.unwrap(r.node);
  }
  if (Node.isConditionalExpression(cond)) {
    const v = cond;
    const condition = p.unwrap(v.getCondition());
    const negated = Node.isPrefixUnaryExpression(condition) && condition.getOperatorToken() === p.SyntaxKind.ExclamationToken;
    const flag = negated ? p.unwrap((condition as TsMorph.PrefixUnaryExpression).getOperand()) : condition;
    const { defaults, value } = flagDefault(p, flag);
    const branch = value === null ? null : value !== negated ? v.getWhenTrue() : v.getWhenFalse();
    const named = branch === null ? null : !isNothing(p, branch);
    const nothingWhen = isNothing(p, v.getWhenTrue()) ? true : isNothing(p, v.getWhenFalse()) ? false : null;
    const off = nothingWhen === null ? null : nothingWhen !== negated;
    return { name, decidedBy: { condition: condition.getText(), flag: flag.getText(), off, defaults, named } };
  }
  return { name, decidedBy: { condition: v.getText(), flag: v.getText(), off: null, defaults: [], named: null } };
}

const isNothing = (p: JsProject, n: TsNode) => {
  const u = p.unwrap(n);
  return u.getKind() === p.SyntaxKind.UndefinedKeyword || u.getKind() === p.SyntaxKind.NullKeyword || u.getText() === 'undefined' || u.getText() === 'null';
};

/**
 * Where a boolean switch gets its value: `flag: true` in an options object or class field,
 * `flag = true` as a parameter default or assignment, `x.flag ?? true`. Searched by the switch's
 * last name across the project; its value is known only when every place agrees.
 */
function flagDefault(p: JsProject, flag: TsNode): { defaults: Place[]; value: boolean | null } {
  const { Node, SyntaxKind } = p;
  const name = Node.isPropertyAccessExpression(flag) ? flag.getName() : Node.isIdentifier(flag) ? flag.getText() : null;
  if (!name) return { defaults: [], value: null };
  const defaults: Place[] = [];
  const values = new Set<boolean>();
  const note = (at: Place, v: boolean | null) => {
    defaults.push(at);
    if (v !== null) values.add(v);
    else values.add(true).add(false); // decided by something else: unknown
  };
  const ts = p.ts;
  const unwrap = (n: TsMorph.ts.Expression): TsMorph.ts.Expression => (ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isNonNullExpression(n) ? unwrap(n.expression) : n);
  const literalOf = (n: TsMorph.ts.Expression | undefined) => {
    const k = n ? unwrap(n).kind : null;
    return k === SyntaxKind.TrueKeyword ? true : k === SyntaxKind.FalseKeyword ? false : null;
  };
  // The project's files, and the modules the switch's own file imports (options often live there);
  // searched on the compiler's tree, so only the places found are wrapped.
  const valueAt = new Map<TsMorph.ts.Node, boolean | null>();
  const found = p.searchAll(name, p.relativeImports(flag.getSourceFile()), (d, text) => {
    if ((ts.isPropertyAssignment(d) || ts.isPropertyDeclaration(d) || ts.isParameter(d) || ts.isBindingElement(d)) && d.initializer && text(d.name) === name) valueAt.set(d, literalOf(d.initializer));
    else if (ts.isBinaryExpression(d) && d.operatorToken.kind === SyntaxKind.QuestionQuestionToken) {
      const left = unwrap(d.left);
      if ((ts.isPropertyAccessExpression(left) ? text(left.name) : text(left)) === name) valueAt.set(d, literalOf(d.right));
    }
    return valueAt.has(d);
  });
  for (const { place, node } of found) note(place, valueAt.get(node)!);
  return { defaults, value: values.size === 1 ? [...values][0]! : null };
}

/** `file:line` of each place, for reports; `lines: false` for marker text, which must not move when markers do. */
export const placesOf = (places: readonly Place[], lines = true) => [...new Set(places.map((n) => (lines ? `${n.path}:${n.line}` : n.path)))].sort().join(', '); // sorted: the text must not depend on which files a run loaded first
