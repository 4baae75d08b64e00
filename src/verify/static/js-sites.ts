import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TsMorph from 'ts-morph';
import { PG_NAMED_POLICY, PG_POLICY, postgresJsPolicy, type OptionValue, type PreparePolicy } from '../../drivers/index.js';
import type { Site } from './site.js';

type TsNode = TsMorph.Node;
type Resolved =
  | { kind: 'object'; props: Map<string, TsNode>; opaque: string[] }
  | { kind: 'node'; node: TsNode }
  | { kind: 'unknown'; why: string };

export interface JsFile {
  abs: string;
  rel: string;
}

export interface JsFindings {
  sites: Site[];
  /** The project uses Prisma's pg driver adapter. */
  prismaAdapter: boolean;
}

const EXTS = ['', '.ts', '.tsx', '.js', '.mjs', '.cjs', '/index.ts', '/index.js'];

/**
 * JS/TS connection sites: postgres.js clients, node-postgres pools and named query configs, and
 * Drizzle's `.prepare("name")` on node-postgres. Option objects are resolved through variables,
 * spreads, simple factory functions and relative imports; anything else is "unknown".
 * ts-morph is loaded here only (it costs a few hundred ms).
 */
export async function jsSites(files: readonly JsFile[], root: string): Promise<JsFindings> {
  const { Project, Node, SyntaxKind } = await import('ts-morph');
  const project = new Project({ compilerOptions: { allowJs: true, noResolve: true, types: [], noLib: true }, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true });
  const sources = files.map((f) => project.addSourceFileAtPath(f.abs));
  const relOf = (sf: TsMorph.SourceFile) => path.relative(root, sf.getFilePath()).split(path.sep).join('/');
  const findings: JsFindings = { sites: [], prismaAdapter: false };

  const unwrap = (n: TsNode): TsNode => {
    let cur = n;
    while (Node.isParenthesizedExpression(cur) || Node.isAsExpression(cur) || Node.isSatisfiesExpression(cur) || Node.isNonNullExpression(cur)) cur = cur.getExpression();
    return cur;
  };

  /** The module a relative import points at, added to the project on demand. */
  const importTarget = (from: TsMorph.SourceFile, spec: string): TsMorph.SourceFile | null => {
    if (!spec.startsWith('.')) return null;
    const base = path.resolve(path.dirname(from.getFilePath()), spec);
    for (const ext of EXTS) {
      const p = ext ? `${base.replace(/\.(js|mjs|cjs)$/, '')}${ext}` : base;
      if (fs.existsSync(p) && fs.statSync(p).isFile()) return project.getSourceFile(p) ?? project.addSourceFileAtPath(p);
    }
    return null;
  };

  /** The declaration an identifier refers to: local binding, or an export of a relative module. */
  const declarationOf = (id: TsMorph.Identifier): TsNode | null => {
    const sf = id.getSourceFile();
    const name = id.getText();
    for (const imp of sf.getImportDeclarations()) {
      const named = imp.getNamedImports().find((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name);
      const isDefault = imp.getDefaultImport()?.getText() === name;
      if (!named && !isDefault) continue;
      const target = importTarget(sf, imp.getModuleSpecifierValue());
      if (!target) return null;
      const exported = isDefault ? 'default' : named!.getName();
      const decls = target.getExportedDeclarations().get(exported);
      return decls?.[0] ?? null;
    }
    const decls = id.getSymbol()?.getDeclarations() ?? [];
    return decls[0] ?? null;
  };

  const resolve = (expr: TsNode | undefined, depth = 0): Resolved => {
    if (!expr) return { kind: 'unknown', why: 'missing' };
    if (depth > 8) return { kind: 'unknown', why: 'too many indirections' };
    const n = unwrap(expr);
    if (Node.isObjectLiteralExpression(n)) {
      const props = new Map<string, TsNode>();
      const opaque: string[] = [];
      for (const p of n.getProperties()) {
        if (Node.isPropertyAssignment(p)) props.set(p.getName().replace(/^["']|["']$/g, ''), p.getInitializerOrThrow());
        else if (Node.isShorthandPropertyAssignment(p)) props.set(p.getName(), p.getNameNode());
        else if (Node.isSpreadAssignment(p)) {
          const r = resolve(p.getExpression(), depth + 1);
          if (r.kind === 'object') {
            for (const [k, v] of r.props) props.set(k, v);
            opaque.push(...r.opaque);
          } else opaque.push(p.getText());
        }
      }
      return { kind: 'object', props, opaque };
    }
    if (Node.isIdentifier(n)) {
      const d = declarationOf(n);
      if (!d) return { kind: 'unknown', why: `${n.getText()} cannot be resolved` };
      if (Node.isVariableDeclaration(d)) return d.getInitializer() ? resolve(d.getInitializer(), depth + 1) : { kind: 'unknown', why: `${n.getText()} has no initializer` };
      if (Node.isParameterDeclaration(d)) return { kind: 'unknown', why: `${n.getText()} is a parameter` };
      return { kind: 'node', node: d };
    }
    if (Node.isCallExpression(n)) {
      const callee = unwrap(n.getExpression());
      const d = Node.isIdentifier(callee) ? declarationOf(callee) : null;
      const fn = d && Node.isVariableDeclaration(d) ? d.getInitializer() : d;
      if (fn && (Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) {
        const body = fn.getBody();
        if (body && !Node.isBlock(body)) return resolve(body, depth + 1);
        // A factory with one top-level `return {...}` is followed; anything more involved is not.
        const returns = body && Node.isBlock(body) ? body.getStatements().filter(Node.isReturnStatement) : [];
        if (returns.length === 1) return resolve(returns[0]!.getExpression(), depth + 1);
      }
      return { kind: 'unknown', why: `${callee.getText()}() cannot be followed` };
    }
    return { kind: 'node', node: n };
  };

  const valueOf = (n: TsNode | undefined): OptionValue | undefined => {
    if (!n) return undefined;
    const r = resolve(n);
    if (r.kind !== 'node') return { type: 'unknown', source: n.getText() };
    const v = r.node;
    if (v.getKind() === SyntaxKind.TrueKeyword) return { type: 'bool', b: true };
    if (v.getKind() === SyntaxKind.FalseKeyword) return { type: 'bool', b: false };
    if (Node.isStringLiteral(v) || Node.isNoSubstitutionTemplateLiteral(v)) return { type: 'str', s: v.getLiteralValue() };
    if (Node.isNumericLiteral(v)) return { type: 'int', n: v.getLiteralValue() };
    return { type: 'unknown', source: n.getText() };
  };

  const where = (n: TsNode) => {
    const sf = n.getSourceFile();
    const lc = sf.getLineAndColumnAtPos(n.getStart());
    return { path: relOf(sf), line: lc.line, column: lc.column };
  };
  const add = (n: TsNode, driver: string, settings: string[], policy: PreparePolicy, fix: string) =>
    findings.sites.push({ ...where(n), driver, settings, policy, fix: policy.kind === 'never' ? '' : fix });

  // Which modules each file binds, and whether the project uses pg / Drizzle's node-postgres driver.
  let usesPg = false;
  let drizzlePg = false;
  const bindings = new Map<TsMorph.SourceFile, { postgres: Set<string>; pgCtors: Set<string>; pgNs: Set<string>; wrappers: Map<string, string> }>();
  for (const sf of sources) {
    const b = { postgres: new Set<string>(), pgCtors: new Set<string>(), pgNs: new Set<string>(), wrappers: new Map<string, string>() };
    const bind = (mod: string, def: string | undefined, ns: string | undefined, named: string[]) => {
      if (mod === 'postgres' && def) b.postgres.add(def);
      if (mod === 'pg') {
        usesPg = true;
        if (def) b.pgNs.add(def);
        if (ns) b.pgNs.add(ns);
        for (const n of named) if (n === 'Pool' || n === 'Client') b.pgCtors.add(n);
      }
      if (mod === 'drizzle-orm/node-postgres') drizzlePg = true;
      // ORM constructors over a driver client: the client's policy is theirs.
      if (mod === 'drizzle-orm/node-postgres' && named.includes('drizzle')) b.wrappers.set('drizzle', 'drizzle(node-postgres)');
      if (mod === 'drizzle-orm/postgres-js' && named.includes('drizzle')) b.wrappers.set('drizzle', 'drizzle(postgres-js)');
      if (mod === 'kysely' && named.includes('PostgresDialect')) b.wrappers.set('PostgresDialect', 'kysely(pg)');
      if (mod === 'kysely-postgres-js' && named.includes('PostgresJSDialect')) b.wrappers.set('PostgresJSDialect', 'kysely(postgres-js)');
      if (mod === '@prisma/adapter-pg') findings.prismaAdapter = true;
    };
    for (const imp of sf.getImportDeclarations()) {
      bind(imp.getModuleSpecifierValue(), imp.getDefaultImport()?.getText(), imp.getNamespaceImport()?.getText(), imp.getNamedImports().map((n) => n.getAliasNode()?.getText() ?? n.getName()));
    }
    for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const arg = call.getArguments()[0];
      if (call.getExpression().getText() !== 'require' || !arg || !Node.isStringLiteral(arg)) continue;
      const decl = call.getFirstAncestorByKind(SyntaxKind.VariableDeclaration);
      const nameNode = decl?.getNameNode();
      if (!nameNode) continue;
      if (Node.isIdentifier(nameNode)) bind(arg.getLiteralValue(), nameNode.getText(), undefined, []);
      else bind(arg.getLiteralValue(), undefined, undefined, nameNode.getElements().flatMap((e) => (Node.isBindingElement(e) ? [e.getName()] : [])));
    }
    bindings.set(sf, b);
  }

  const pendingWrappers: { node: TsNode; via: string; arg: TsNode | undefined; clientPolicy: (arg: TsNode | undefined, via: string) => { policy: PreparePolicy; settings: string[] } }[] = [];
  for (const sf of sources) {
    const b = bindings.get(sf)!;
    for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const callee = call.getExpression();
      const args = call.getArguments();
      if (Node.isIdentifier(callee) && b.postgres.has(callee.getText())) {
        const first = args[0] ? unwrap(args[0]) : undefined;
        const firstResolved = first ? resolve(first) : null;
        const opts = firstResolved?.kind === 'object' ? firstResolved : args[1] ? resolve(args[1]) : null;
        const urlText = first && (Node.isStringLiteral(first) || Node.isNoSubstitutionTemplateLiteral(first)) ? first.getLiteralValue() : '';
        const urlPrepare = /[?&]prepare=(true|false)/.exec(urlText)?.[1];
        let prepare: OptionValue | undefined = urlPrepare ? { type: 'str', s: urlPrepare } : undefined;
        let policy: PreparePolicy;
        if (opts && opts.kind === 'unknown') policy = { kind: 'unknown', why: `the options ${args[1]?.getText() ?? ''} cannot be read statically (${opts.why})` };
        else {
          const p = opts?.kind === 'object' ? opts.props.get('prepare') : undefined;
          if (p) prepare = valueOf(p);
          policy = !p && opts?.kind === 'object' && opts.opaque.length ? { kind: 'unknown', why: `options spread from ${opts.opaque.join(', ')} cannot be read` } : postgresJsPolicy(prepare);
        }
        add(call, 'postgres.js', [prepare === undefined ? 'prepare (default true)' : `prepare: ${prepare.type === 'bool' ? prepare.b : prepare.type === 'str' ? prepare.s : prepare.type === 'unknown' ? prepare.source : '?'}`], policy, 'pass { prepare: false } to postgres()');
      } else if (usesPg && Node.isPropertyAccessExpression(callee) && callee.getName() === 'query' && args[0]) {
        const cfg = resolve(args[0]);
        if (cfg.kind === 'object' && cfg.props.has('name') && (cfg.props.has('text') || cfg.props.has('values'))) {
          add(call, 'pg', [`name: ${cfg.props.get('name')!.getText()}`], PG_NAMED_POLICY, 'remove `name` from the query config');
        }
      } else if (drizzlePg && Node.isPropertyAccessExpression(callee) && callee.getName() === 'prepare' && args[0] && (Node.isStringLiteral(unwrap(args[0])) || Node.isNoSubstitutionTemplateLiteral(unwrap(args[0])))) {
        add(call, 'drizzle+pg', [`.prepare(${args[0].getText()})`], { kind: 'named-immediately', why: 'Drizzle on node-postgres passes the prepare() name to pg: a named statement' }, 'use the query without .prepare(name)');
      }
    }
    const clientPolicy = (arg: TsNode | undefined, via: string): { policy: PreparePolicy; settings: string[] } => {
      if (via.endsWith('(node-postgres)') || via.endsWith('(pg)')) return { policy: { kind: 'never', why: `${via}: node-postgres runs unnamed statements (Drizzle's .prepare(name) is reported on its own)` }, settings: [] };
      // postgres-js: the client's own prepare option decides; follow the argument to its postgres() call.
      const toCall = (n: TsNode | undefined, depth = 0): TsMorph.CallExpression | null => {
        if (!n || depth > 8) return null;
        const u = unwrap(n);
        if (Node.isCallExpression(u)) return u;
        if (Node.isObjectLiteralExpression(u)) {
          const r = resolve(u);
          return r.kind === 'object' ? toCall(r.props.get('client') ?? r.props.get('postgres'), depth + 1) : null;
        }
        if (Node.isIdentifier(u)) {
          const d = declarationOf(u);
          return d && Node.isVariableDeclaration(d) ? toCall(d.getInitializer(), depth + 1) : null;
        }
        return null;
      };
      const call = toCall(arg);
      if (!call || !Node.isIdentifier(call.getExpression()) || !bindings.get(call.getSourceFile())?.postgres.has(call.getExpression().getText())) {
        return { policy: { kind: 'unknown', why: `${via}: the postgres.js client ${arg?.getText() ?? ''} cannot be followed to its postgres() call` }, settings: [] };
      }
      const lc = call.getSourceFile().getLineAndColumnAtPos(call.getStart());
      const site = findings.sites.find((x) => x.path === relOf(call.getSourceFile()) && x.line === lc.line && x.driver === 'postgres.js');
      return site ? { policy: { ...site.policy, why: `${via} over the client at ${site.path}:${site.line}: ${site.policy.why}` }, settings: site.settings } : { policy: { kind: 'unknown', why: `${via}: client not analysed` }, settings: [] };
    };
    const wrappers: { node: TsNode; via: string; arg: TsNode | undefined }[] = [];
    for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const via = b.wrappers.get(call.getExpression().getText());
      if (via && via.startsWith('drizzle')) wrappers.push({ node: call, via, arg: call.getArguments()[0] });
    }
    for (const nw of sf.getDescendantsOfKind(SyntaxKind.NewExpression)) {
      const via = b.wrappers.get(nw.getExpression().getText());
      if (via && via.startsWith('kysely')) wrappers.push({ node: nw, via, arg: nw.getArguments()[0] });
    }
    pendingWrappers.push(...wrappers.map((w) => ({ ...w, clientPolicy })));
    for (const nw of sf.getDescendantsOfKind(SyntaxKind.NewExpression)) {
      const e = nw.getExpression();
      const isPg = (Node.isIdentifier(e) && b.pgCtors.has(e.getText())) || (Node.isPropertyAccessExpression(e) && b.pgNs.has(e.getExpression().getText()) && /^(Pool|Client)$/.test(e.getName()));
      if (isPg) add(nw, 'pg', [`new ${e.getText()}()`], PG_POLICY, '');
    }
  }
  // After every client site is known, ORM constructors take their client's policy.
  for (const w of pendingWrappers) {
    const { policy, settings } = w.clientPolicy(w.arg, w.via);
    add(w.node, w.via, settings, policy, policy.kind === 'never' ? '' : 'pass { prepare: false } to the postgres() client it wraps');
  }
  return findings;
}
