import { resolveModuleName } from './mapping.js';
import type { Node } from './parser.js';

/** The innermost function around a node, or the module. */
function scopeOf(n: Node): Node {
  for (let p = n.parent; p; p = p.parent) if (p.type === 'function_definition' || p.type === 'module') return p;
  return n;
}

/** The value last assigned to `name` in the call's own function before `at`, if that is plain. */
function localValue(at: Node, name: string): Node | null {
  const scope = scopeOf(at);
  if (scope.type === 'module') return resolveModuleName(scope, name);
  let found: Node | null = null;
  const stack: Node[] = [scope.childForFieldName('body')!].filter(Boolean);
  while (stack.length) {
    const n = stack.pop()!;
    if (n.startIndex >= at.startIndex) continue;
    if (n.type === 'function_definition' || n.type === 'class_definition') continue; // another scope
    if (n.type === 'assignment' && n.childForFieldName('left')?.text === name) {
      if (!found || n.startIndex > found.startIndex) found = n;
    }
    for (let i = 0; i < n.namedChildCount; i++) {
      const c = n.namedChild(i);
      if (c) stack.push(c);
    }
  }
  return found?.childForFieldName('right') ?? (found ? null : resolveModuleName(at.tree.rootNode, name));
}

/**
 * The literal text of a string expression (f-string placeholders kept as written), following
 * implicit concatenation, `+`, parentheses and a name bound in the same function or module; null
 * when any part is not literal text.
 */
export function stringText(n: Node | null, depth = 0): string | null {
  if (!n || depth > 6) return null;
  switch (n.type) {
    case 'string': {
      const open = n.children.find((c) => c?.type === 'string_start');
      const close = n.children.find((c) => c?.type === 'string_end');
      return open && close ? n.tree.rootNode.text.slice(open.endIndex, close.startIndex) : null;
    }
    case 'concatenated_string': {
      const parts = n.namedChildren.map((c) => stringText(c, depth + 1));
      return parts.every((p) => p !== null) ? parts.join('') : null;
    }
    case 'parenthesized_expression':
      return stringText(n.namedChildren[0] ?? null, depth + 1);
    case 'binary_operator': {
      if (n.childForFieldName('operator')?.text !== '+') return null;
      const l = stringText(n.childForFieldName('left'), depth + 1);
      const r = stringText(n.childForFieldName('right'), depth + 1);
      return l !== null && r !== null ? l + r : null;
    }
    case 'identifier':
      return stringText(localValue(n, n.text), depth + 1);
    default:
      return null;
  }
}
