// The jscodeshift transform the scale bench compares with pooler-safe's JS/TS part: every
// `postgres(...)` call gets `prepare: false` in its options (added as a second argument, or as a
// property of an inline options object). It does not follow options into other modules.
module.exports = function transform(file, api) {
  const j = api.jscodeshift;
  const root = j(file.source);
  if (!file.source.includes('postgres')) return undefined;
  let changed = false;
  root.find(j.CallExpression, { callee: { type: 'Identifier', name: 'postgres' } }).forEach((p) => {
    const args = p.node.arguments;
    const opts = args.find((a) => a.type === 'ObjectExpression');
    const prop = j.objectProperty(j.identifier('prepare'), j.booleanLiteral(false));
    if (opts) {
      if (opts.properties.some((q) => q.key && (q.key.name === 'prepare' || q.key.value === 'prepare'))) return;
      opts.properties.push(prop);
    } else args.push(j.objectExpression([prop]));
    changed = true;
  });
  return changed ? root.toSource() : undefined;
};
