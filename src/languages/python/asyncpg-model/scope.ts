import type { Node } from '../parser.js';
import { descendants, enclosingOf, nodesOf } from '../syntax.js';
import type { AsyncpgImports } from './imports.js';

/** What an expression holds, as far as asyncpg is concerned. `either`: a connection or a pool. */
export type AsyncpgKind = 'connection' | 'pool' | 'either' | 'transaction' | 'prepared';

/** Project-wide facts (see project.ts): attribute, function and module-level names bound to asyncpg objects. */
export interface ProjectFacts {
  attrs: ReadonlyMap<string, AsyncpgKind>;
  functions: ReadonlyMap<string, AsyncpgKind>;
  globals: ReadonlyMap<string, AsyncpgKind>;
  /** Functions given to create_pool(init=/setup=): their first parameter is a connection. */
  connectionCallbacks: ReadonlySet<string>;
  /**
   * `x.prop` where `x` is proven an instance of a project class whose `prop` is a property (properties.ts):
   * its kind, or null; undefined when that does not apply and the attribute names decide.
   */
  propertyOf?: (rel: string, attr: Node) => AsyncpgKind | null | undefined;
}

const RECEIVER = new Set<AsyncpgKind>(['connection', 'pool', 'either']);

/** Two kinds one value may have: the same kind, or `either` for a connection and a pool; null otherwise. */
export function mergeKinds(a: AsyncpgKind, b: AsyncpgKind): AsyncpgKind | null {
  if (a === b) return a;
  return RECEIVER.has(a) && RECEIVER.has(b) ? 'either' : null;
}

const ASYNCPG_CLASS: Record<string, AsyncpgKind | 'record'> = {
  Connection: 'connection',
  'connection.Connection': 'connection',
  Pool: 'pool',
  'pool.Pool': 'pool',
  Record: 'record',
  'protocol.Record': 'record',
};
const TYPING = /^(typing\.)?(Optional|Union|None|Awaitable|Coroutine|Any)$/;

/** The asyncpg class a dotted name means in this file (`asyncpg.pool.Pool`, an imported `Pool`), if any. */
export function asyncpgClass(dotted: string, imports: AsyncpgImports): AsyncpgKind | 'record' | null {
  const dot = dotted.indexOf('.');
  if (dot > 0 && imports.modules.has(dotted.slice(0, dot))) return ASYNCPG_CLASS[dotted.slice(dot + 1)] ?? null;
  const imported = imports.names.get(dotted);
  return imported ? (ASYNCPG_CLASS[imported] ?? null) : null;
}

/** A parameter or variable annotation: `asyncpg.Pool`, `Optional[Connection]`, `Pool | Connection | None`. */
export function annotationKind(type: Node | null, imports: AsyncpgImports): AsyncpgKind | null {
  if (!type) return null;
  const text = type.text.replace(/^["']|["']$/g, '');
  const kinds = new Set<AsyncpgKind | 'record'>();
  for (const m of text.matchAll(/[A-Za-z_][\w.]*/g)) {
    if (TYPING.test(m[0])) continue;
    const k = asyncpgClass(m[0], imports);
    if (!k) return null; // list[Record], SomethingElse | Pool: not a plain connection or pool
    kinds.add(k);
  }
  if (kinds.has('record')) return null;
  if (kinds.has('connection') && kinds.has('pool')) return 'either';
  return kinds.size === 1 ? ([...kinds][0] as AsyncpgKind) : null;
}

const FUNCTION = new Set(['function_definition', 'lambda']);
/** Scopes that do not bind names of their own in Python's sense, walked through. */
const NESTED_SCOPE = new Set(['function_definition', 'class_definition', 'lambda']);

type Binding = AsyncpgKind | 'conflict';
/** Nodes that bind a name in the scope they sit in. */
const BINDS = new Set([...NESTED_SCOPE, 'assignment', 'as_pattern', 'for_statement', 'for_in_clause']);

/** Which names and expressions of one file are asyncpg connections, pools, transactions and statements. */
export class FileScopes {
  private readonly scopes = new Map<number, Map<string, Binding>>();
  /** Every lookup of a name asks each enclosing function for its `global` names: read once per function. */
  private readonly globals = new Map<number, Set<string>>();

  constructor(
    private readonly root: Node,
    readonly imports: AsyncpgImports,
    private readonly project: ProjectFacts,
    /** The file's path, for the classes its names mean (properties); without it only attribute names decide. */
    private readonly rel?: string,
  ) {}

  kindOf(expr: Node | null): AsyncpgKind | null {
    if (!expr) return null;
    switch (expr.type) {
      case 'await':
      case 'parenthesized_expression':
        return this.kindOf(expr.namedChildren[0] ?? null);
      case 'identifier':
        return this.nameKind(expr);
      case 'attribute': {
        const prop = this.rel === undefined ? undefined : this.project.propertyOf?.(this.rel, expr);
        return prop !== undefined ? prop : (this.project.attrs.get(expr.childForFieldName('attribute')!.text) ?? null);
      }
      case 'boolean_operator':
      case 'conditional_expression': {
        const parts = expr.type === 'boolean_operator' ? [expr.childForFieldName('left'), expr.childForFieldName('right')] : [expr.namedChildren[0] ?? null, expr.namedChildren[2] ?? null];
        const kinds = parts.map((p) => (p?.type === 'none' ? 'none' : this.kindOf(p)));
        if (kinds.some((k) => k === null)) return null;
        const real = kinds.filter((k) => k !== 'none') as AsyncpgKind[];
        return real.length ? real.reduce<AsyncpgKind | null>((a, k) => a && mergeKinds(a, k), real[0]!) : null;
      }
      case 'call':
        return this.callKind(expr);
      default:
        return null;
    }
  }

  /** The kind a call returns: asyncpg.connect/create_pool, pool.acquire(), conn.transaction(), conn.prepare(), project factories. */
  callKind(call: Node): AsyncpgKind | null {
    const fn = call.childForFieldName('function');
    if (!fn) return null;
    if (fn.type === 'attribute') {
      const obj = fn.childForFieldName('object')!;
      const name = fn.childForFieldName('attribute')!.text;
      if (obj.type === 'identifier' && this.imports.modules.has(obj.text)) return name === 'connect' ? 'connection' : name === 'create_pool' ? 'pool' : null;
      const recv = this.kindOf(obj);
      if (recv === 'pool' && name === 'acquire') return 'connection';
      if (recv === 'connection' && name === 'transaction') return 'transaction';
      if (recv === 'connection' && name === 'prepare') return 'prepared';
      return this.project.functions.get(name) ?? null;
    }
    if (fn.type === 'identifier') {
      const imported = this.imports.names.get(fn.text);
      if (imported === 'connect') return 'connection';
      if (imported === 'create_pool') return 'pool';
      return this.project.functions.get(fn.text) ?? null;
    }
    return null;
  }

  private nameKind(ident: Node): AsyncpgKind | null {
    const name = ident.text;
    for (let s: Node | null = enclosingFunction(ident); s; s = enclosingFunction(s)) {
      const b = this.bindings(s).get(name);
      if (b) return b === 'conflict' ? null : b;
      if (this.declaresGlobal(s, name)) break;
    }
    const b = this.bindings(this.root).get(name);
    if (b) return b === 'conflict' ? null : b;
    const imported = this.imports.projectNames.get(name);
    return imported ? (this.project.globals.get(imported) ?? null) : null;
  }

  /** Names a function (or the module) binds, with the kind of every value they get; mixed kinds are a conflict. */
  bindings(scope: Node): Map<string, Binding> {
    const cached = this.scopes.get(scope.id);
    if (cached) return cached;
    // Cached before it is filled: a lookup from inside sees the names bound so far, in source order.
    const out = new Map<string, Binding>();
    this.scopes.set(scope.id, out);
    const bind = (name: string, kind: AsyncpgKind | null | 'none') => {
      if (kind === 'none') return;
      const prev = out.get(name);
      const next: Binding = kind ?? 'conflict';
      // A name given a connection in one place and a pool in another is either, wherever it is read.
      if (prev === undefined) out.set(name, next);
      else if (prev !== next) out.set(name, prev !== 'conflict' && next !== 'conflict' ? (mergeKinds(prev, next) ?? 'conflict') : 'conflict');
    };
    if (FUNCTION.has(scope.type)) this.bindParameters(scope, bind);
    const body = scope.type === 'module' ? scope : (scope.childForFieldName('body') ?? scope);
    for (const c of nodesOf(body, (t) => BINDS.has(t), NESTED_SCOPE)) {
      if (c.id === body.id) continue;
      if (NESTED_SCOPE.has(c.type)) {
        if (c.type !== 'lambda') bind(c.childForFieldName('name')?.text ?? '', null);
      } else if (c.type === 'assignment') {
        const left = c.childForFieldName('left');
        if (left?.type === 'identifier') {
          const ann = annotationKind(c.childForFieldName('type'), this.imports);
          const right = c.childForFieldName('right');
          bind(left.text, ann ?? (right?.type === 'none' ? 'none' : right ? this.kindOf(right) : null));
        }
      } else if (c.type === 'as_pattern') {
        if (c.parent?.type !== 'with_item') continue;
        const alias = c.childForFieldName('alias');
        const target = alias?.namedChildren[0] ?? alias;
        if (target?.type === 'identifier') bind(target.text, this.kindOf(c.namedChildren[0] ?? null));
      } else {
        const left = c.childForFieldName('left');
        if (left?.type === 'identifier') bind(left.text, null);
      }
    }
    // `global pool` + `pool = await asyncpg.create_pool()` inside a function binds the module's name.
    if (scope.type === 'module') {
      for (const a of this.globalAssignments()) bind(a.childForFieldName('left')!.text, this.kindOf(a.childForFieldName('right')));
    }
    return out;
  }

  /** `global pool` + `pool = ...` inside functions: assignments that bind module-level names. */
  private globalAssignments(): Node[] {
    return [...descendants(this.root, 'assignment')].filter((a) => {
      const left = a.childForFieldName('left');
      const fn = left?.type === 'identifier' ? enclosingFunction(a) : null;
      return fn?.type === 'function_definition' && this.declaresGlobal(fn, left!.text);
    });
  }

  private declaresGlobal(fn: Node, name: string): boolean {
    let names = this.globals.get(fn.id);
    if (!names) this.globals.set(fn.id, (names = globalNames(fn)));
    return names.has(name);
  }

  private bindParameters(fn: Node, bind: (name: string, kind: AsyncpgKind | null | 'none') => void): void {
    const params = fn.childForFieldName('parameters');
    if (!params) return;
    const fnName = fn.childForFieldName('name')?.text ?? '';
    let first = true;
    for (const p of params.namedChildren) {
      if (!p) continue;
      const nameNode = p.type === 'identifier' ? p : p.type === 'typed_parameter' ? p.namedChildren[0] : p.childForFieldName('name');
      if (!nameNode || nameNode.type !== 'identifier') continue;
      const isSelf = first && (nameNode.text === 'self' || nameNode.text === 'cls');
      let kind = annotationKind(p.childForFieldName('type'), this.imports);
      if (!kind && !isSelf && first && this.project.connectionCallbacks.has(fnName)) kind = 'connection';
      if (!isSelf) first = false;
      if (isSelf) continue;
      bind(nameNode.text, kind);
    }
  }
}

export function enclosingFunction(n: Node): Node | null {
  return enclosingOf(n, FUNCTION);
}

/** Names a function declares `global`, in its own body (not in nested functions or classes). */
function globalNames(fn: Node): Set<string> {
  const out = new Set<string>();
  const body = fn.childForFieldName('body');
  if (!body) return out;
  for (const g of descendants(body, 'global_statement')) {
    let owner = g.parent;
    while (owner && !NESTED_SCOPE.has(owner.type)) owner = owner.parent;
    if (owner?.id === fn.id) for (const x of g.namedChildren) if (x) out.add(x.text);
  }
  return out;
}
