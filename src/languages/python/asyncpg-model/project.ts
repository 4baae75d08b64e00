import type { Node } from '../parser.js';
import { descendants, stringValue } from '../syntax.js';
import { asyncpgImports, type AsyncpgImports } from './imports.js';
import { ClassIndex } from './classes.js';
import { propertyKind, traceProperties, type ClassFacts } from './properties.js';
import { annotationKind, enclosingFunction, FileScopes, mergeKinds, type AsyncpgKind, type ProjectFacts } from './scope.js';

/** A name seen with two kinds, or with an asyncpg kind and something else, proves nothing. */
type Seen = AsyncpgKind | 'other';

class Votes {
  private readonly seen = new Map<string, Set<Seen>>();
  add(name: string, kind: Seen | null): void {
    if (!name || kind === null) return;
    const s = this.seen.get(name) ?? new Set<Seen>();
    s.add(kind);
    this.seen.set(name, s);
  }
  has(name: string): boolean {
    return this.seen.has(name);
  }
  /** Names with one asyncpg kind (a connection and a pool make `either`). */
  settled(): Map<string, AsyncpgKind> {
    const out = new Map<string, AsyncpgKind>();
    for (const [name, kinds] of this.seen) {
      if (kinds.has('other')) continue;
      const k = [...kinds] as AsyncpgKind[];
      const merged = k.reduce<AsyncpgKind | null>((a, x) => a && mergeKinds(a, x), k[0]!);
      if (merged) out.set(name, merged);
    }
    return out;
  }
}

export interface ModelFile {
  rel: string;
  root: Node;
}

export interface AsyncpgModel extends ProjectFacts {
  imports: Map<string, AsyncpgImports>;
  /** `json`/`jsonb`: the types some `set_type_codec()` call gives a codec (both when its type is not a literal). */
  jsonCodecs: ReadonlySet<string>;
}

/**
 * Which attributes (`self.pool`, `app.state.pool`), functions (`get_pool()`), module-level names
 * (`from .db import pool`) and properties of project classes (`ctx.db`) hold asyncpg connections and
 * pools, across every module. Two rounds, so that `bot.pool = pool` learns from
 * `pool = await asyncpg.create_pool(...)` found in round one.
 */
export function buildAsyncpgModel(files: readonly ModelFile[]): AsyncpgModel {
  const imports = new Map(files.map((f) => [f.rel, asyncpgImports(f.root)]));
  const index = new ClassIndex(files);
  let classes: ClassFacts = { index, properties: new Map() };
  let facts: ProjectFacts = { attrs: new Map(), functions: new Map(), globals: new Map(), connectionCallbacks: new Set() };
  for (let round = 0; round < 2; round++) {
    const attrs = new Votes();
    const functions = new Votes();
    const globals = new Votes();
    const callbacks = new Set<string>();
    for (const f of files) {
      const imp = imports.get(f.rel)!;
      const scopes = new FileScopes(f.root, imp, facts, f.rel);
      for (const a of descendants(f.root, 'assignment')) {
        const left = a.childForFieldName('left');
        const right = a.childForFieldName('right');
        const ann = annotationKind(a.childForFieldName('type'), imp);
        const kind: Seen | null = ann ?? (right?.type === 'none' || (!right && a.childForFieldName('type')) ? null : (scopes.kindOf(right) ?? 'other'));
        if (left?.type === 'attribute') attrs.add(left.childForFieldName('attribute')!.text, kind);
        // Class-level `pool: asyncpg.Pool` (dataclasses, state objects) names an attribute.
        else if (left?.type === 'identifier' && a.parent?.parent?.type === 'block' && a.parent.parent.parent?.type === 'class_definition') attrs.add(left.text, kind);
        else if (left?.type === 'identifier' && !enclosingFunction(a)) globals.add(left.text, kind);
      }
      for (const [name, kind] of scopes.bindings(f.root)) if (kind !== 'conflict') globals.add(name, kind);
      for (const fn of descendants(f.root, 'function_definition')) {
        const name = fn.childForFieldName('name')!.text;
        if (name.startsWith('__')) continue;
        const ret = annotationKind(fn.childForFieldName('return_type'), imp);
        if (ret) functions.add(name, ret);
        for (const r of descendants(fn, 'return_statement')) {
          if (enclosingFunction(r)?.id !== fn.id) continue;
          const v = r.namedChildren[0];
          if (v && v.type !== 'none') functions.add(name, scopes.kindOf(v) ?? (ret ? null : 'other'));
        }
      }
      for (const call of descendants(f.root, 'call')) {
        if (scopes.callKind(call) !== 'pool') continue;
        for (const kw of call.childForFieldName('arguments')?.namedChildren ?? []) {
          if (kw?.type !== 'keyword_argument' || !/^(init|setup)$/.test(kw.childForFieldName('name')!.text)) continue;
          const v = kw.childForFieldName('value')!;
          callbacks.add(v.type === 'attribute' ? v.childForFieldName('attribute')!.text : v.text);
        }
      }
    }
    // A property is an attribute too: where the project also assigns that attribute name, a property
    // returning something else (or nothing traced) leaves the name to no one kind.
    for (const [k, kind] of classes.properties) {
      const name = k.slice(k.lastIndexOf('#') + 1);
      if (attrs.has(name)) attrs.add(name, kind ?? 'other');
    }
    const settled: ProjectFacts = { attrs: attrs.settled(), functions: functions.settled(), globals: globals.settled(), connectionCallbacks: callbacks, propertyOf: facts.propertyOf };
    const byRel = new Map(files.map((f) => [f.rel, f.root]));
    const scopes = new Map<string, FileScopes>();
    const scopesOf = (rel: string) => scopes.get(rel) ?? scopes.set(rel, new FileScopes(byRel.get(rel)!, imports.get(rel)!, settled, rel)).get(rel)!;
    const properties = traceProperties(index, scopesOf, (rel) => imports.get(rel)!);
    const current: ClassFacts = (classes = { index, properties });
    facts = { ...settled, propertyOf: (rel, attr) => propertyKind(current, rel, attr) };
  }
  return { ...facts, imports, jsonCodecs: jsonCodecs(files) };
}

function jsonCodecs(files: readonly ModelFile[]): Set<string> {
  const out = new Set<string>();
  for (const f of files) {
    for (const call of descendants(f.root, 'call')) {
      const fn = call.childForFieldName('function');
      if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')!.text !== 'set_type_codec') continue;
      const first = call.childForFieldName('arguments')?.namedChildren[0];
      const type = first?.type === 'string' ? stringValue(first) : null;
      if (type === null) ['json', 'jsonb'].forEach((t) => out.add(t));
      else if (type === 'json' || type === 'jsonb') out.add(type);
    }
  }
  return out;
}
