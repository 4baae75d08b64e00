import type { Node } from '../parser.js';
import { descendants } from '../syntax.js';
import { moduleImports, ProjectModules, topLevel, type ImportedName } from './modules.js';

/** A class of the project: its file, its offset there (the key), its name. */
export interface ClassDef {
  key: string;
  rel: string;
  name: string;
}

/** How a class body defines a name: a property, or anything else (method, class attribute, `self.x = ...`). */
export type Member = 'property' | 'other';

/** Bases that define no attributes an instance could read: skipped when walking up. */
const TRANSPARENT = /^(object|(typing\.)?(Generic|Protocol)(\[[\s\S]*\])?|(abc\.)?ABC)$/;
const PROPERTY = /^(property|(functools\.)?cached_property)$/;

interface FileClasses {
  imports: Map<string, ImportedName>;
  /** Module-level class names -> keys; null when the name is also bound another way (two classes, an import, an assignment). */
  classes: Map<string, string | null>;
}

/**
 * The project's classes across modules: which class a name means in a file (through imports and
 * re-exports), their bases and subclasses, and what each body defines. Everything is read from the
 * trees when it is built, so it outlives them (property getters excepted: `getters`).
 */
export class ClassIndex {
  readonly modules: ProjectModules;
  private readonly files = new Map<string, FileClasses>();
  private readonly defs = new Map<string, ClassDef & { baseNames: (string | null)[]; members: Map<string, Member>; types: Map<string, string[]> }>();
  private readonly baseCache = new Map<string, (ClassDef | 'external')[]>();
  /** Property getters by `classKey#name`, for tracing their returns while the trees live. */
  readonly getters = new Map<string, Node>();
  /** Every name some class defines as a property: other attribute names need no class. */
  readonly propertyNames = new Set<string>();
  private children: Map<string, ClassDef[]> | null = null;

  constructor(files: readonly { rel: string; root: Node }[]) {
    this.modules = new ProjectModules(files.map((f) => f.rel));
    for (const f of files) {
      const imports = moduleImports(f.root);
      const classes = new Map<string, string | null>();
      const other = new Set<string>(imports.keys());
      for (const s of topLevel(f.root)) {
        const def = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
        const name = def?.childForFieldName('name')?.text;
        if (def?.type === 'class_definition' && name) classes.set(name, classes.has(name) ? null : `${f.rel}:${def.startIndex}`);
        else if (def?.type === 'function_definition' && name) other.add(name);
        else if (s.type === 'expression_statement') for (const a of descendants(s, 'identifier')) if (a.parent?.type === 'assignment' && a.parent.childForFieldName('left')?.id === a.id) other.add(a.text);
      }
      for (const name of other) if (classes.has(name)) classes.set(name, null);
      this.files.set(f.rel, { imports, classes });
      for (const c of descendants(f.root, 'class_definition')) {
        const key = `${f.rel}:${c.startIndex}`;
        // Base names as written; null for one that is not a plain (dotted) name. Transparent bases are left out.
        const baseNames = (c.childForFieldName('superclasses')?.namedChildren ?? [])
          .filter((b): b is Node => !!b && b.type !== 'keyword_argument' && b.type !== 'comment' && !TRANSPARENT.test(b.text))
          .map((b) => (b.type === 'identifier' || b.type === 'attribute' ? b.text : null));
        const types = new Map<string, string[]>();
        this.defs.set(key, { key, rel: f.rel, name: c.childForFieldName('name')!.text, baseNames, members: this.readMembers(key, c, types), types });
      }
    }
  }

  all(): Iterable<ClassDef> {
    return this.defs.values();
  }

  /** The class a class_definition node of a file is. */
  of(rel: string, node: Node): ClassDef | null {
    return this.defs.get(`${rel}:${node.startIndex}`) ?? null;
  }

  /** The project class a (dotted) name means in a file: `Context`, `context.Context`, re-exported names. */
  resolve(rel: string, dotted: string, depth = 0): ClassDef | null {
    const file = this.files.get(rel);
    if (!file || depth > 8) return null;
    const parts = dotted.split('.');
    if (parts.length === 1) {
      const local = file.classes.get(dotted);
      if (local !== undefined) return local ? (this.defs.get(local) ?? null) : null;
      const imp = file.imports.get(dotted);
      if (!imp?.name) return null;
      const target = this.modules.resolve(rel, imp.module);
      return target ? this.resolve(target, imp.name, depth + 1) : null;
    }
    // module.Class: the head names a module (`import a.b`, `import a.b as m`, `from . import mod`).
    const imp = file.imports.get(parts[0]!);
    if (!imp) return null;
    const head = imp.name === null ? imp.module : joinModule(imp.module, imp.name);
    const target = this.modules.resolve(rel, [head, ...parts.slice(1, -1)].reduce(joinModule));
    return target ? this.resolve(target, parts[parts.length - 1]!, depth + 1) : null;
  }

  /** Direct bases, without the transparent ones; 'external' for a base outside the project (or not resolved). */
  bases(def: ClassDef): (ClassDef | 'external')[] {
    const cached = this.baseCache.get(def.key);
    if (cached) return cached;
    const out = this.defs.get(def.key)!.baseNames.map((b) => (b ? this.resolve(def.rel, b) : null) ?? 'external');
    this.baseCache.set(def.key, out);
    return out;
  }

  /** Every project class that derives from `def`, directly or not. */
  subclasses(def: ClassDef): ClassDef[] {
    if (!this.children) {
      this.children = new Map();
      for (const d of this.defs.values()) {
        for (const b of this.bases(d)) if (b !== 'external') this.children.set(b.key, [...(this.children.get(b.key) ?? []), d]);
      }
    }
    const out: ClassDef[] = [];
    const seen = new Set([def.key]);
    const stack = [...(this.children.get(def.key) ?? [])];
    while (stack.length) {
      const d = stack.pop()!;
      if (seen.has(d.key)) continue;
      seen.add(d.key);
      out.push(d);
      stack.push(...(this.children.get(d.key) ?? []));
    }
    return out;
  }

  /**
   * The class whose body gives instances of `def` the attribute `name`, walking up single bases;
   * null when no project class defines it or the walk meets a base it cannot see into (an external
   * class, several bases).
   */
  lookup(def: ClassDef, name: string): { owner: ClassDef; member: Member } | null {
    const seen = new Set<string>();
    for (let cur: ClassDef = def; !seen.has(cur.key); ) {
      seen.add(cur.key);
      const member = this.members(cur).get(name);
      if (member) return { owner: cur, member };
      const bases = this.bases(cur);
      if (bases.length !== 1 || bases[0] === 'external') return null;
      cur = bases[0]!;
    }
    return null;
  }

  /** What a class body defines, by name. */
  members(def: ClassDef): ReadonlyMap<string, Member> {
    return this.defs.get(def.key)!.members;
  }

  /** The annotations a class gives an attribute: `name: T` in its body, `self.name: T = ...` in its methods. */
  annotations(def: ClassDef, name: string): readonly string[] {
    return this.defs.get(def.key)!.types.get(name) ?? [];
  }

  /** Assignments to `self.x` in the methods define `x` too, unless `x` is a property here (its setter). */
  private readMembers(key: string, cls: Node, types: Map<string, string[]>): Map<string, Member> {
    const typed = (name: string, type: Node | null) => type && types.set(name, [...(types.get(name) ?? []), type.text]);
    const out = new Map<string, Member>();
    const define = (name: string, m: Member) => out.set(name, out.has(name) ? 'other' : m);
    const methods: Node[] = [];
    const body = cls.childForFieldName('body');
    // Also what `if TYPE_CHECKING:` and `try:` blocks of the body define.
    for (const s of body ? topLevel(body) : []) {
      const decorators = s.type === 'decorated_definition' ? s.namedChildren.filter((d) => d?.type === 'decorator').map((d) => d!.namedChildren[0]?.text ?? '') : [];
      const d = s.type === 'decorated_definition' ? s.childForFieldName('definition') : s;
      const name = d?.childForFieldName('name')?.text;
      if (d?.type === 'function_definition' && name) {
        methods.push(d);
        // `@db.setter` / `@db.deleter`: the same property.
        if (decorators.some((x) => x === `${name}.setter` || x === `${name}.deleter`)) continue;
        const property = decorators.length === 1 && PROPERTY.test(decorators[0]!);
        define(name, property ? 'property' : 'other');
        if (property) {
          this.getters.set(`${key}#${name}`, d);
          this.propertyNames.add(name);
        }
      } else if (d?.type === 'class_definition' && name) define(name, 'other');
      else if (s.type === 'expression_statement') {
        for (const a of s.namedChildren) {
          const left = a?.type === 'assignment' ? a.childForFieldName('left') : null;
          if (left?.type === 'identifier') typed(left.text, a!.childForFieldName('type'));
          for (const id of left ? (left.type === 'identifier' ? [left] : descendants(left, 'identifier')) : []) define(id.text, 'other');
        }
      }
    }
    for (const fn of methods) {
      const self = fn.childForFieldName('parameters')?.namedChildren[0];
      if (self?.type !== 'identifier') continue;
      for (const attr of descendants(fn, 'attribute')) {
        if (attr.childForFieldName('object')?.text !== self.text || !isTarget(attr)) continue;
        const name = attr.childForFieldName('attribute')!.text;
        if (out.get(name) !== 'property') out.set(name, 'other');
        if (attr.parent?.type === 'assignment') typed(name, attr.parent.childForFieldName('type'));
      }
    }
    return out;
  }
}

function joinModule(a: string, b: string): string {
  return a.endsWith('.') ? a + b : `${a}.${b}`;
}

/** `self.x = ...`, `self.x += ...`, `for self.x in`, `del self.x`: the attribute is written. */
function isTarget(attr: Node): boolean {
  let cur = attr;
  while (cur.parent && /^(pattern_list|tuple_pattern|list_pattern|tuple|list|parenthesized_expression)$/.test(cur.parent.type)) cur = cur.parent;
  const p = cur.parent;
  if (!p) return false;
  if (p.type === 'assignment' || p.type === 'augmented_assignment' || p.type === 'for_statement') return p.childForFieldName('left')?.id === cur.id;
  return p.type === 'delete_statement' || p.type === 'as_pattern_target';
}
