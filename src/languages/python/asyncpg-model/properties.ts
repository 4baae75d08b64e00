import type { Node } from '../parser.js';
import { descendants } from '../syntax.js';
import type { ClassDef, ClassIndex } from './classes.js';
import type { AsyncpgImports } from './imports.js';
import { instanceClass } from './instances.js';
import { annotationKind, enclosingFunction, mergeKinds, type AsyncpgKind, type FileScopes } from './scope.js';

/** The project's classes and what their property getters return, as far as asyncpg is concerned. */
export interface ClassFacts {
  index: ClassIndex;
  /** `classKey#name` -> the kind every return of the getter has; null when one is not traced. */
  properties: ReadonlyMap<string, AsyncpgKind | null>;
}

const key = (def: ClassDef, name: string) => `${def.key}#${name}`;

/**
 * Every property getter of every class, traced with its file's scopes: the kind all its returns
 * share (a connection and a pool make `either`), or its return annotation when a return is not traced.
 */
export function traceProperties(index: ClassIndex, scopesOf: (rel: string) => FileScopes, importsOf: (rel: string) => AsyncpgImports): Map<string, AsyncpgKind | null> {
  const out = new Map<string, AsyncpgKind | null>();
  for (const def of index.all()) {
    for (const [name, m] of index.members(def)) if (m === 'property') out.set(key(def, name), getterKind(index.getters.get(key(def, name))!, scopesOf(def.rel), importsOf(def.rel)));
  }
  return out;
}

function getterKind(fn: Node, scopes: FileScopes, imports: AsyncpgImports): AsyncpgKind | null {
  const declared = annotationKind(fn.childForFieldName('return_type'), imports);
  let kind: AsyncpgKind | null = declared;
  for (const r of descendants(fn, 'return_statement')) {
    if (enclosingFunction(r)?.id !== fn.id) continue;
    const v = r.namedChildren[0];
    if (!v || v.type === 'none') continue;
    const k = scopes.kindOf(v);
    if (k === null) {
      if (declared) continue;
      return null;
    }
    kind = kind ? mergeKinds(kind, k) : k;
    if (!kind) return null;
  }
  return kind;
}

/**
 * `x.name` where `x` is proven an instance of a project class (instances.ts) whose `name` is a
 * property: the getter's kind, merged with every subclass that overrides it with another property;
 * null when a subclass overrides it with anything else or a getter is not traced. Undefined when
 * this does not apply (not a proven instance, or not a property): the caller falls back to the
 * attribute names the project assigns.
 */
export function propertyKind(facts: ClassFacts, rel: string, attr: Node): AsyncpgKind | null | undefined {
  const obj = attr.childForFieldName('object');
  const name = attr.childForFieldName('attribute')?.text;
  if (!obj || !name || !facts.index.propertyNames.has(name)) return undefined;
  const cls = instanceClass(obj, rel, facts.index);
  if (!cls) return undefined;
  const found = facts.index.lookup(cls, name);
  if (found?.member !== 'property') return undefined;
  let kind = facts.properties.get(key(found.owner, name)) ?? null;
  for (const sub of facts.index.subclasses(cls)) {
    const m = facts.index.members(sub).get(name);
    if (!m) continue;
    if (m !== 'property') return null;
    const k = facts.properties.get(key(sub, name)) ?? null;
    kind = kind && k ? mergeKinds(kind, k) : null;
  }
  return kind;
}
