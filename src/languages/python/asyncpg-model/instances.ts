import type { Node } from '../parser.js';
import type { ClassDef, ClassIndex } from './classes.js';
import { enclosingFunction } from './scope.js';

const TYPING = /^(typing\.)?(Optional|Union|None)$/;
const NESTED_SCOPE = new Set(['function_definition', 'class_definition', 'lambda']);
/** Containers a name can sit in as an assignment target: `a, (b, c) = ...`. */
const TARGET_CONTAINER = /^(pattern_list|tuple_pattern|list_pattern|list_splat_pattern|tuple|list|list_splat|parenthesized_expression)$/;

/**
 * The project class an expression is proven to be an instance of (that class or a subclass):
 * `self` in a method of the class, a name whose every binding in its scope carries the class as
 * its annotation (`ctx: GuildContext`, `ctx: Optional[Context] = None`, `x: Context = ...`), or an
 * attribute of such an instance that its class annotates (`self.ctx: Context = ctx`).
 * Any other binding of the name (a plain assignment, a loop, `with ... as`, `global`) proves nothing.
 */
export function instanceClass(expr: Node, rel: string, index: ClassIndex): ClassDef | null {
  if (expr.type === 'attribute') return attributeClass(expr, rel, index);
  if (expr.type !== 'identifier') return null;
  const name = expr.text;
  for (let fn = enclosingFunction(expr); fn; fn = enclosingFunction(fn)) {
    const found = bindingsIn(fn, name, rel, index);
    if (found === 'none') continue; // read from an enclosing function (a closure)
    return found;
  }
  return null;
}

/** The class every binding of `name` in one function gives it; null when a binding proves nothing; 'none' when it has none. */
function bindingsIn(fn: Node, name: string, rel: string, index: ClassIndex): ClassDef | null | 'none' {
  const classes: (ClassDef | null)[] = [];
  const params = fn.childForFieldName('parameters');
  for (const [i, p] of (params?.namedChildren ?? []).entries()) {
    let id = p?.type === 'typed_parameter' ? p.namedChildren[0] : p?.type === 'typed_default_parameter' || p?.type === 'default_parameter' ? p.childForFieldName('name') : p;
    // `*args: C`, `**kw: C`: a tuple or a dict, never the class.
    const splat = id?.type === 'list_splat_pattern' || id?.type === 'dictionary_splat_pattern';
    if (splat) id = id!.namedChildren[0] ?? null;
    if (id?.type !== 'identifier' || id.text !== name) continue;
    const type = p!.childForFieldName('type');
    classes.push(splat ? null : type ? annotationClass(type, rel, index) : i === 0 ? methodClass(fn, rel, index) : null);
  }
  const body = fn.childForFieldName('body');
  // A lambda's body is one expression: it binds nothing but walrus targets.
  const stack = body ? [...body.namedChildren] : [];
  while (stack.length) {
    const n = stack.pop();
    if (!n || NESTED_SCOPE.has(n.type)) {
      if (n && n.type !== 'lambda' && n.childForFieldName('name')?.text === name) classes.push(null);
      continue;
    }
    if ((n.type === 'global_statement' || n.type === 'nonlocal_statement') && n.namedChildren.some((c) => c?.text === name)) return null;
    if (n.type === 'identifier' && n.text === name && isBinding(n)) {
      const a = n.parent?.type === 'assignment' && n.parent.childForFieldName('left')?.id === n.id ? n.parent : null;
      const type = a?.childForFieldName('type');
      classes.push(type ? annotationClass(type, rel, index) : null);
    }
    stack.push(...n.namedChildren.filter((c): c is Node => !!c));
  }
  if (!classes.length) return 'none';
  const first = classes[0];
  return first && classes.every((c) => c?.key === first.key) ? first : null;
}

/**
 * `obj.name` where `obj` is an instance of a project class that annotates `name` with one project
 * class, and so does every subclass that defines `name` again.
 */
function attributeClass(attr: Node, rel: string, index: ClassIndex): ClassDef | null {
  const obj = instanceClass(attr.childForFieldName('object')!, rel, index);
  const name = attr.childForFieldName('attribute')!.text;
  const found = obj ? index.lookup(obj, name) : null;
  if (!obj || found?.member !== 'other') return null;
  const owners = [found.owner, ...index.subclasses(obj).filter((s) => index.members(s).has(name))];
  const classes = owners.map((o) => index.annotations(o, name).map((t) => annotationClass(t, o.rel, index)));
  const first = classes[0]?.[0];
  return first && classes.every((c) => c.length && c.every((k) => k?.key === first.key)) ? first : null;
}

/** `Context`, `Optional[Context]`, `"GuildContext"`, `Context | None`: the one project class named, else null. */
function annotationClass(type: Node | string, rel: string, index: ClassIndex): ClassDef | null {
  const names = new Set<string>();
  for (const m of (typeof type === 'string' ? type : type.text).replace(/["']/g, '').matchAll(/[A-Za-z_][\w.]*/g)) if (!TYPING.test(m[0])) names.add(m[0]);
  return names.size === 1 ? index.resolve(rel, [...names][0]!) : null;
}

/** The class of `self` when `fn` is an instance method (not a staticmethod or classmethod) written in a class body. */
function methodClass(fn: Node, rel: string, index: ClassIndex): ClassDef | null {
  if (fn.type !== 'function_definition') return null;
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : null;
  if (decorated?.namedChildren.some((d) => d?.type === 'decorator' && /^(staticmethod|classmethod)$/.test(d.namedChildren[0]?.text ?? ''))) return null;
  const block = (decorated ?? fn).parent;
  const cls = block?.type === 'block' ? block.parent : null;
  return cls?.type === 'class_definition' ? index.of(rel, cls) : null;
}

/** Whether this occurrence of a name binds it: an assignment or loop target, `as` names, `del`, walrus, imports. */
function isBinding(id: Node): boolean {
  let cur = id;
  while (cur.parent && TARGET_CONTAINER.test(cur.parent.type)) cur = cur.parent;
  const p = cur.parent;
  if (!p) return false;
  switch (p.type) {
    case 'assignment':
    case 'augmented_assignment':
    case 'for_statement':
    case 'for_in_clause':
      return p.childForFieldName('left')?.id === cur.id;
    case 'named_expression':
      return p.childForFieldName('name')?.id === cur.id;
    case 'as_pattern_target':
    case 'delete_statement':
    case 'dotted_name':
    case 'aliased_import':
    case 'case_pattern':
    case 'keyword_pattern':
      return true;
    default:
      return false;
  }
}
