import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as TsMorph from 'ts-morph';
import { exportedDeclaration } from './exported-declaration.js';
import { onlyDeclaration } from './local-declaration.js';
import { NodeLists } from './node-list.js';
import { tsMorph } from './ts-morph.js';
import { parsedCleanly } from './typescript-syntax.js';
import { wrapNode } from './wrap-node.js';

export type TsNode = TsMorph.Node;
export type Resolved =
  | { kind: 'object'; props: Map<string, TsNode>; opaque: string[] }
  | { kind: 'node'; node: TsNode }
  | { kind: 'unknown'; why: string };

export interface ModuleBindings {
  /** Local names of postgres.js' default export. */
  postgres: Set<string>;
  /** `Pool`/`Client` imported from pg by name. */
  pgCtors: Set<string>;
  /** pg's default or namespace import. */
  pgNs: Set<string>;
  /** ORM constructors over a driver client: local name -> label. */
  wrappers: Map<string, string>;
  /** Modules this file imports (specifiers). */
  modules: Set<string>;
}

const EXTS = ['', '.ts', '.tsx', '.js', '.mjs', '.cjs', '/index.ts', '/index.js'];

/** A place in a file, kept as plain data: it outlives the batch of trees it was found in. */
export interface Place {
  path: string;
  line: number;
  /** Offset of the node's first character (trivia excluded). */
  start: number;
}

export interface LoadOptions {
  /** Files loaded too but not scanned (script files, whose top-level names are global). */
  context?: readonly string[];
  /** Every file of the scan, in order, when these `files` are one batch of them (searches by name cover them all). */
  all?: readonly string[];
}

/**
 * JS/TS files in one ts-morph project, with what resolution needs: which driver modules each file
 * binds, and values followed through variables, spreads, simple factories and relative imports.
 * No type checker and no node_modules types: only the files given (and what they import
 * relatively) are read, which keeps it fast.
 */
export class JsProject {
  readonly sources: TsMorph.SourceFile[];
  readonly bindings = new Map<TsMorph.SourceFile, ModuleBindings>();
  private readonly nodeLists: NodeLists;

  private constructor(
    private tm: typeof TsMorph,
    private project: TsMorph.Project,
    readonly root: string,
    files: readonly string[],
    private readonly opts: LoadOptions,
  ) {
    this.nodeLists = new NodeLists(tm.ts);
    this.sources = files.map((f) => project.addSourceFileAtPath(f));
    for (const f of opts.context ?? []) project.addSourceFileAtPathIfExists(f);
    // The modules they import relatively, added now in one batch: added one by one on first
    // lookup, each would make ts-morph build the whole program again (quadratic in the files).
    for (const sf of this.sources) for (const imp of sf.getImportDeclarations()) this.importTarget(sf, imp.getModuleSpecifierValue());
    for (const sf of this.sources) this.bindings.set(sf, this.bind(sf));
  }

  static async load(files: readonly string[], root: string, opts: LoadOptions = {}): Promise<JsProject> {
    const tm = tsMorph();
    // Each file added on demand makes ts-morph build a new program, and TypeScript resolves every
    // import again each time (a stat storm up the node_modules folders): one cache serves them all.
    const ts = tm.ts;
    const resolutionHost = (host: TsMorph.ts.ModuleResolutionHost, options: () => TsMorph.ts.CompilerOptions) => {
      const cache = ts.createModuleResolutionCache(root, (f) => f, options());
      return {
        resolveModuleNames: (names: string[], containingFile: string) => names.map((n) => ts.resolveModuleName(n, containingFile, options(), host, cache).resolvedModule),
      };
    };
    const project = new tm.Project({ compilerOptions: { allowJs: true, noResolve: true, types: [], noLib: true }, skipAddingFilesFromTsConfig: true, skipFileDependencyResolution: true, resolutionHost });
    return new JsProject(tm, project, root, files, opts);
  }

  get Node(): typeof TsMorph.Node {
    return this.tm.Node;
  }

  get SyntaxKind(): typeof TsMorph.SyntaxKind {
    return this.tm.SyntaxKind;
  }

  rel(sf: TsMorph.SourceFile): string {
    return path.relative(this.root, sf.getFilePath()).split(path.sep).join('/');
  }

  place(n: TsNode): Place {
    const { path, line } = this.where(n);
    return { path, line, start: n.getStart() };
  }

  /**
   * The nodes `keep` accepts in every file of the scan (in order, those outside this batch read for
   * the search and dropped again), then in `extra`; files whose text lacks `needle` are passed over.
   */
  searchAll(needle: string, extra: readonly TsMorph.SourceFile[], keep: (n: TsMorph.ts.Node, text: (n: TsMorph.ts.Node) => string) => boolean): { place: Place; node: TsMorph.ts.Node }[] {
    const out: { place: Place; node: TsMorph.ts.Node }[] = [];
    const seen = new Set<string>();
    const search = (sf: TsMorph.SourceFile) => {
      if (!sf.getFullText().includes(needle)) return;
      for (const n of this.matching(sf, keep)) out.push({ place: this.place(n), node: n.compilerNode });
    };
    for (const abs of this.opts.all ?? this.sources.map((sf) => sf.getFilePath())) {
      seen.add(path.resolve(abs));
      const loaded = this.project.getSourceFile(abs);
      if (loaded) search(loaded);
      else {
        const sf = this.project.addSourceFileAtPath(abs);
        search(sf);
        this.project.removeSourceFile(sf);
      }
    }
    for (const sf of extra) if (!seen.has(path.resolve(sf.getFilePath()))) search(sf);
    return out;
  }

  /** Whether TypeScript's parser found no syntax error in the file. */
  parsesCleanly(sf: TsMorph.SourceFile): boolean {
    return parsedCleanly(sf.compilerNode);
  }

  where(n: TsNode): { path: string; line: number; column: number } {
    const sf = n.getSourceFile();
    const lc = sf.getLineAndColumnAtPos(n.getStart());
    return { path: this.rel(sf), line: lc.line, column: lc.column };
  }

  /**
   * The nodes of one kind in a file, in document order. The search reads the compiler's nodes of
   * that kind (node-list.ts) and wraps only those `keep` accepts: wrapping every node of a kind
   * (getDescendantsOfKind) is most of what a scan costs, in time and in memory.
   */
  find<K extends TsMorph.SyntaxKind>(sf: TsMorph.SourceFile, kind: K, keep: (n: TsMorph.ts.Node, text: (n: TsMorph.ts.Node) => string) => boolean = () => true): TsMorph.KindToNodeMappings[K][] {
    const root = sf.compilerNode;
    const text = (n: TsMorph.ts.Node) => n.getText(root);
    const found: TsNode[] = [];
    for (const n of this.nodeLists.ofKind(root, kind)) if (keep(n, text)) found.push(wrapNode(sf, n));
    return found as TsMorph.KindToNodeMappings[K][];
  }

  /** Every node of a file that `keep` accepts (any kind), in document order, wrapped. */
  matching(sf: TsMorph.SourceFile, keep: (n: TsMorph.ts.Node, text: (n: TsMorph.ts.Node) => string) => boolean): TsNode[] {
    const root = sf.compilerNode;
    const text = (n: TsMorph.ts.Node) => n.getText(root);
    const found: TsMorph.ts.Node[] = [];
    const visit = (n: TsMorph.ts.Node): void => {
      if (keep(n, text)) found.push(n);
      this.tm.ts.forEachChild(n, visit);
    };
    this.tm.ts.forEachChild(root, visit);
    return found.map((n) => wrapNode(sf, n));
  }

  /** The compiler's API (syntax kinds and node guards), for searches on the compiler's tree. */
  get ts(): typeof TsMorph.ts {
    return this.tm.ts;
  }

  uses(module: string): boolean {
    return [...this.bindings.values()].some((b) => b.modules.has(module));
  }

  private bind(sf: TsMorph.SourceFile): ModuleBindings {
    const { Node, SyntaxKind } = this.tm;
    const b: ModuleBindings = { postgres: new Set(), pgCtors: new Set(), pgNs: new Set(), wrappers: new Map(), modules: new Set() };
    const add = (mod: string, def: string | undefined, ns: string | undefined, named: string[]) => {
      b.modules.add(mod);
      if (mod === 'postgres' && def) b.postgres.add(def);
      if (mod === 'pg') {
        if (def) b.pgNs.add(def);
        if (ns) b.pgNs.add(ns);
        for (const n of named) if (n === 'Pool' || n === 'Client') b.pgCtors.add(n);
      }
      if (mod === 'drizzle-orm/node-postgres' && named.includes('drizzle')) b.wrappers.set('drizzle', 'drizzle(node-postgres)');
      if (mod === 'drizzle-orm/postgres-js' && named.includes('drizzle')) b.wrappers.set('drizzle', 'drizzle(postgres-js)');
      if (mod === 'kysely' && named.includes('PostgresDialect')) b.wrappers.set('PostgresDialect', 'kysely(pg)');
      if (mod === 'kysely-postgres-js' && named.includes('PostgresJSDialect')) b.wrappers.set('PostgresJSDialect', 'kysely(postgres-js)');
    };
    for (const imp of sf.getImportDeclarations()) {
      add(imp.getModuleSpecifierValue(), imp.getDefaultImport()?.getText(), imp.getNamespaceImport()?.getText(), imp.getNamedImports().map((n) => n.getAliasNode()?.getText() ?? n.getName()));
    }
    // `const { Pool } = pg;` after `import pg from 'pg'`.
    const ts = this.tm.ts;
    const pgNsInit = (n: TsMorph.ts.Node, text: (n: TsMorph.ts.Node) => string) => {
      const d = n as TsMorph.ts.VariableDeclaration;
      return ts.isObjectBindingPattern(d.name) && !!d.initializer && ts.isIdentifier(d.initializer) && b.pgNs.has(text(d.initializer));
    };
    for (const d of b.pgNs.size ? this.find(sf, SyntaxKind.VariableDeclaration, pgNsInit) : []) {
      const nameNode = d.getNameNode();
      const init = d.getInitializer();
      if (!Node.isObjectBindingPattern(nameNode) || !init || !Node.isIdentifier(init) || !b.pgNs.has(init.getText())) continue;
      for (const e of nameNode.getElements()) if (/^(Pool|Client)$/.test(e.getPropertyNameNode()?.getText() ?? e.getName())) b.pgCtors.add(e.getName());
    }
    const isRequire = (n: TsMorph.ts.Node, text: (n: TsMorph.ts.Node) => string) => text((n as TsMorph.ts.CallExpression).expression) === 'require';
    for (const call of this.find(sf, SyntaxKind.CallExpression, isRequire)) {
      const arg = call.getArguments()[0];
      if (call.getExpression().getText() !== 'require' || !arg || !Node.isStringLiteral(arg)) continue;
      const nameNode = call.getFirstAncestorByKind(SyntaxKind.VariableDeclaration)?.getNameNode();
      if (!nameNode) continue;
      if (Node.isIdentifier(nameNode)) add(arg.getLiteralValue(), nameNode.getText(), undefined, []);
      else add(arg.getLiteralValue(), undefined, undefined, nameNode.getElements().flatMap((e) => (Node.isBindingElement(e) ? [e.getName()] : [])));
    }
    return b;
  }

  unwrap(n: TsNode): TsNode {
    const { Node } = this.tm;
    let cur = n;
    while (Node.isParenthesizedExpression(cur) || Node.isAsExpression(cur) || Node.isSatisfiesExpression(cur) || Node.isNonNullExpression(cur)) cur = cur.getExpression();
    return cur;
  }

  /** The module a relative import points at, added on demand. */
  private importTarget(from: TsMorph.SourceFile, spec: string): TsMorph.SourceFile | null {
    if (!spec.startsWith('.')) return null;
    const base = path.resolve(path.dirname(from.getFilePath()), spec);
    for (const ext of EXTS) {
      const p = ext ? `${base.replace(/\.(js|mjs|cjs)$/, '')}${ext}` : base;
      if (fs.existsSync(p) && fs.statSync(p).isFile()) return this.project.getSourceFile(p) ?? this.project.addSourceFileAtPath(p);
    }
    return null;
  }

  /** The modules a file imports relatively, and theirs, a few levels deep (added on demand). */
  relativeImports(sf: TsMorph.SourceFile, depth = 3): TsMorph.SourceFile[] {
    const out = new Set<TsMorph.SourceFile>();
    const walk = (f: TsMorph.SourceFile, d: number) => {
      if (d === 0) return;
      for (const imp of f.getImportDeclarations()) {
        const t = this.importTarget(f, imp.getModuleSpecifierValue());
        if (t && !out.has(t)) {
          out.add(t);
          walk(t, d - 1);
        }
      }
    };
    walk(sf, depth);
    return [...out];
  }

  /** The declaration an identifier refers to: a local binding, or an export of a relative module. */
  declarationOf(id: TsMorph.Identifier): TsNode | null {
    const sf = id.getSourceFile();
    const name = id.getText();
    for (const imp of sf.getImportDeclarations()) {
      const named = imp.getNamedImports().find((n) => (n.getAliasNode()?.getText() ?? n.getName()) === name);
      const isDefault = imp.getDefaultImport()?.getText() === name;
      if (!named && !isDefault) continue;
      const target = this.importTarget(sf, imp.getModuleSpecifierValue());
      if (!target) return null;
      const exportName = isDefault ? 'default' : named!.getName();
      return exportedDeclaration(this.tm, target, exportName) ?? target.getExportedDeclarations().get(exportName)?.[0] ?? null;
    }
    // `{ client }`: the name node's own symbol is the property; the value is the variable it names.
    const parent = id.getParent();
    const only = onlyDeclaration(this.tm, sf, name);
    if (only) return only;
    if (parent && this.tm.Node.isShorthandPropertyAssignment(parent)) return parent.getValueSymbol()?.getDeclarations()?.[0] ?? null;
    return id.getSymbol()?.getDeclarations()?.[0] ?? null;
  }

  /** The function a call calls, when it is a local or relatively imported function with one top-level return. */
  private returnedBy(call: TsMorph.CallExpression): TsNode | null {
    const { Node } = this.tm;
    const callee = this.unwrap(call.getExpression());
    const d = Node.isIdentifier(callee) ? this.declarationOf(callee) : null;
    const fn = d && Node.isVariableDeclaration(d) ? d.getInitializer() : d;
    if (!fn || !(Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) return null;
    const body = fn.getBody();
    if (body && !Node.isBlock(body)) return body;
    const returns = body && Node.isBlock(body) ? body.getStatements().filter(Node.isReturnStatement) : [];
    return returns.length === 1 ? (returns[0]!.getExpression() ?? null) : null;
  }

  /** A value with object literals merged (spreads included), or the final node, or unknown. */
  resolve(expr: TsNode | undefined, depth = 0): Resolved {
    const { Node } = this.tm;
    if (!expr) return { kind: 'unknown', why: 'missing' };
    if (depth > 8) return { kind: 'unknown', why: 'too many indirections' };
    const n = this.unwrap(expr);
    if (Node.isObjectLiteralExpression(n)) {
      const props = new Map<string, TsNode>();
      const opaque: string[] = [];
      for (const p of n.getProperties()) {
        if (Node.isPropertyAssignment(p)) props.set(p.getName().replace(/^["']|["']$/g, ''), p.getInitializerOrThrow());
        else if (Node.isShorthandPropertyAssignment(p)) props.set(p.getName(), p.getNameNode());
        else if (Node.isSpreadAssignment(p)) {
          const r = this.resolve(p.getExpression(), depth + 1);
          if (r.kind === 'object') {
            for (const [k, v] of r.props) props.set(k, v);
            opaque.push(...r.opaque);
          } else opaque.push(p.getText());
        }
      }
      return { kind: 'object', props, opaque };
    }
    if (Node.isIdentifier(n)) {
      const d = this.declarationOf(n);
      if (!d) return { kind: 'unknown', why: `${n.getText()} cannot be resolved` };
      if (Node.isVariableDeclaration(d)) return d.getInitializer() ? this.resolve(d.getInitializer(), depth + 1) : { kind: 'unknown', why: `${n.getText()} has no initializer` };
      if (Node.isParameterDeclaration(d)) return { kind: 'unknown', why: `${n.getText()} is a parameter` };
      return { kind: 'node', node: d };
    }
    if (Node.isCallExpression(n)) {
      const ret = this.returnedBy(n);
      return ret ? this.resolve(ret, depth + 1) : { kind: 'unknown', why: `${this.unwrap(n.getExpression()).getText()}() cannot be followed` };
    }
    return { kind: 'node', node: n };
  }

  /** The object literal that defines a value (where a property can be added), or why there is none. */
  literalOf(expr: TsNode | undefined, depth = 0): TsMorph.ObjectLiteralExpression | string {
    const { Node } = this.tm;
    if (!expr) return 'missing';
    if (depth > 8) return 'too many indirections';
    const n = this.unwrap(expr);
    if (Node.isObjectLiteralExpression(n)) return n;
    if (Node.isIdentifier(n)) {
      const d = this.declarationOf(n);
      if (d && Node.isVariableDeclaration(d) && d.getInitializer()) return this.literalOf(d.getInitializer(), depth + 1);
      return `${n.getText()} cannot be followed to an object literal`;
    }
    if (Node.isCallExpression(n)) {
      const ret = this.returnedBy(n);
      return ret ? this.literalOf(ret, depth + 1) : `${this.unwrap(n.getExpression()).getText()}() cannot be followed`;
    }
    return `${n.getText().slice(0, 40)} is not an object literal`;
  }

  /** Follows a value to the `postgres(...)` call that made it (`const sql = makeClient(url)`), if any. */
  postgresCallOf(expr: TsNode | undefined): TsMorph.CallExpression | null {
    return this.origin(expr, (n): n is TsMorph.CallExpression => this.tm.Node.isCallExpression(n) && this.isPostgresCall(n), ['client', 'postgres']);
  }

  /** Follows a value to the `new X(...)` that made it (`drizzle(pool)`, `{ pool: new Pool() }`), if any. */
  newOf(expr: TsNode | undefined): TsMorph.NewExpression | null {
    return this.origin(expr, (n): n is TsMorph.NewExpression => this.tm.Node.isNewExpression(n), ['pool', 'client']);
  }

  /**
   * Where a value comes from: through variables, the given properties of object literals, factory
   * functions that return it, and `cache ?? make()` fallbacks, to the first node `accept` takes.
   */
  private origin<T extends TsNode>(expr: TsNode | undefined, accept: (n: TsNode) => n is T, props: readonly string[], depth = 0): T | null {
    const { Node } = this.tm;
    if (!expr || depth > 8) return null;
    const u = this.unwrap(expr);
    if (accept(u)) return u;
    const next = (n: TsNode | undefined) => this.origin(n, accept, props, depth + 1);
    if (Node.isCallExpression(u)) return next(this.returnedBy(u) ?? undefined);
    if (Node.isObjectLiteralExpression(u)) {
      const r = this.resolve(u);
      if (r.kind !== 'object') return null;
      for (const k of props) if (r.props.has(k)) return next(r.props.get(k));
      return null;
    }
    if (Node.isIdentifier(u)) {
      const d = this.declarationOf(u);
      return d && Node.isVariableDeclaration(d) ? next(d.getInitializer()) : null;
    }
    if (Node.isBinaryExpression(u) && /^(\?\?|\|\|)$/.test(u.getOperatorToken().getText())) return next(u.getRight()) ?? next(u.getLeft());
    return null;
  }

  /**
   * The calls a scan of a file looks at: a callee bound to postgres.js or named in `callees`, or a
   * `.query(` / `.prepare(` method call with an argument.
   */
  callsOf(sf: TsMorph.SourceFile, callees: ReadonlySet<string> = new Set()): TsMorph.CallExpression[] {
    const ts = this.tm.ts;
    const postgres = this.bindingsOf(sf).postgres;
    return this.find(sf, this.tm.SyntaxKind.CallExpression, (n, text) => {
      const callee = (n as TsMorph.ts.CallExpression).expression;
      if (ts.isIdentifier(callee)) return postgres.has(text(callee)) || callees.has(text(callee));
      if (!ts.isPropertyAccessExpression(callee) || !(n as TsMorph.ts.CallExpression).arguments.length) return false;
      const name = text(callee.name);
      return name === 'query' || name === 'prepare';
    });
  }

  /** The `new X(...)` expressions of a file whose constructor, as written, is accepted by `ctor`. */
  newsOf(sf: TsMorph.SourceFile, ctor: (written: string, n: TsMorph.ts.Expression) => boolean): TsMorph.NewExpression[] {
    return this.find(sf, this.tm.SyntaxKind.NewExpression, (n, text) => ctor(text((n as TsMorph.ts.NewExpression).expression), (n as TsMorph.ts.NewExpression).expression));
  }

  isPostgresCall(call: TsMorph.CallExpression): boolean {
    const e = call.getExpression();
    return this.Node.isIdentifier(e) && this.bindingsOf(call.getSourceFile()).postgres.has(e.getText());
  }

  /** A file's driver bindings, also for modules added on demand through relative imports. */
  bindingsOf(sf: TsMorph.SourceFile): ModuleBindings {
    let b = this.bindings.get(sf);
    if (!b) this.bindings.set(sf, (b = this.bind(sf)));
    return b;
  }
}
