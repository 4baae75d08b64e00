"""Counts raw asyncpg call sites in a Python tree, independently of migrate-driver (Python's own ast).

    python3 bench/raw-corpus-count.py <tree>      -> JSON on stdout

A call counts when it is an asyncpg API call on a receiver that reads as an asyncpg object:
  - asyncpg.connect / asyncpg.create_pool (also imported by name or through an alias);
  - a method of API below, when its receiver has evidence of being asyncpg:
      * it is bound to connect()/create_pool() (assignment, `async with ... as`), to `X.acquire()` on an
        asyncpg receiver, or annotated with an asyncpg type (Connection, Pool, asyncpg.pool.Pool, ...);
      * the same receiver text calls an asyncpg-only method (fetchrow, fetchval, copy_*, set_type_codec, ...);
      * the same receiver text runs SQL with $n placeholders (a literal, or a name bound to one in the same
        function or at module level): no other Python PostgreSQL driver uses $n.
Scope of the evidence: a plain name within its function, `self.x` within its file, any other dotted receiver
(`ctx.db`, `bot.pool`) project-wide. Nothing counts in a project that never imports asyncpg.
What this cannot see: receivers that only travel through untyped parameters and never run a $n query or an
asyncpg-only method (e.g. `conn.execute("DELETE FROM t")` in a helper given `conn`). Those are not counted.
"""
import ast
import json
import os
import re
import sys

API = {
    'fetch', 'fetchrow', 'fetchval', 'execute', 'executemany', 'copy_records_to_table', 'copy_to_table',
    'copy_from_table', 'copy_from_query', 'transaction', 'acquire', 'prepare', 'cursor', 'add_listener',
    'remove_listener', 'set_type_codec', 'set_builtin_type_codec', 'reset_type_codec',
}
ONLY = {
    'fetchrow', 'fetchval', 'copy_records_to_table', 'copy_to_table', 'copy_from_table', 'copy_from_query',
    'add_listener', 'remove_listener', 'set_type_codec', 'set_builtin_type_codec', 'reset_type_codec',
}
LISTENERS = {'add_listener', 'remove_listener'}
SQL_METHODS = {'fetch', 'fetchrow', 'fetchval', 'execute', 'executemany', 'prepare', 'cursor'}
DIRECT = {'connect', 'create_pool'}
TYPES = {'Connection', 'Pool', 'PoolConnectionProxy', 'pool.Pool', 'connection.Connection', 'pool.PoolConnectionProxy'}
DOLLAR = re.compile(r'\$\d')
PYFORMAT = re.compile(r'%s|%\(\w+\)s')
SKIP_DIRS = {'.git', 'node_modules', '.venv', 'venv', '.tox', 'site-packages', '__pycache__'}


def py_files(root):
    for d, dirs, files in os.walk(root):
        dirs[:] = sorted(x for x in dirs if x not in SKIP_DIRS)
        for f in sorted(files):
            if f.endswith('.py'):
                yield os.path.join(d, f)


def text(node):
    try:
        return ast.unparse(node)
    except Exception:
        return ''


def strip_await(node):
    while isinstance(node, ast.Await):
        node = node.value
    return node


class FileInfo:
    def __init__(self, rel, tree):
        self.rel = rel
        self.tree = tree
        self.modules = set()  # names bound to the asyncpg module
        self.direct = {}  # local name -> connect / create_pool
        self.types = set()  # local names of asyncpg classes
        self.imports_asyncpg = False
        self.parents = {}
        for parent in ast.walk(tree):
            for child in ast.iter_child_nodes(parent):
                self.parents[child] = parent
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name == 'asyncpg' or a.name.startswith('asyncpg.'):
                        self.imports_asyncpg = True
                        self.modules.add(a.asname or 'asyncpg')
            elif isinstance(node, ast.ImportFrom) and node.module and (node.module == 'asyncpg' or node.module.startswith('asyncpg.')):
                self.imports_asyncpg = True
                for a in node.names:
                    if a.name in DIRECT:
                        self.direct[a.asname or a.name] = a.name
                    elif a.name in ('Connection', 'Pool', 'PoolConnectionProxy'):
                        self.types.add(a.asname or a.name)
                    elif a.name in ('pool', 'connection'):
                        self.modules.add(a.asname or a.name)

    def locals_of(self, fn):
        """Names a function binds itself (parameters, assignments, with/for targets), minus `global` ones."""
        got = self._locals.get(id(fn)) if hasattr(self, '_locals') else None
        if got is not None:
            return got
        if not hasattr(self, '_locals'):
            self._locals = {}
        names, globals_ = set(), set()
        a = fn.args
        for arg in a.posonlyargs + a.args + a.kwonlyargs + [x for x in (a.vararg, a.kwarg) if x]:
            names.add(arg.arg)
        for n in ast.walk(fn):
            if isinstance(n, (ast.Global, ast.Nonlocal)):
                globals_.update(n.names)
            elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
                names.add(n.id)
        got = names - globals_
        self._locals[id(fn)] = got
        return got

    def scope(self, node):
        """The innermost function (or the module) around node."""
        p = self.parents.get(node)
        while p is not None and not isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)):
            p = self.parents.get(p)
        return p

    def direct_call(self, node):
        """connect / create_pool when node is a call of asyncpg's, else None."""
        node = strip_await(node)
        if not isinstance(node, ast.Call):
            return None
        f = node.func
        if isinstance(f, ast.Name) and f.id in self.direct:
            return self.direct[f.id]
        if isinstance(f, ast.Attribute) and f.attr in DIRECT:
            base = text(f.value)
            if base in self.modules or base.split('.')[0] in self.modules:
                return f.attr
        return None

    def is_type(self, ann):
        """An annotation naming an asyncpg connection or pool (also in unions, Optional[...] and strings)."""
        if ann is None:
            return False
        if isinstance(ann, ast.Constant) and isinstance(ann.value, str):
            try:
                ann = ast.parse(ann.value, mode='eval').body
            except SyntaxError:
                return False
        for n in ast.walk(ann):
            t = text(n)
            if isinstance(n, ast.Name) and n.id in self.types:
                return True
            if isinstance(n, ast.Attribute):
                head, _, rest = t.partition('.')
                if head in self.modules and rest in TYPES:
                    return True
        return False


def sql_has_dollar(info, call, fn_strings, module_strings):
    if not call.args:
        return False
    a = call.args[0]
    parts = []
    for n in ast.walk(a):
        if isinstance(n, ast.Constant) and isinstance(n.value, str):
            parts.append(n.value)
        elif isinstance(n, ast.Name):
            scope = info.scope(call)
            parts.extend(fn_strings.get((id(scope), n.id), []))
            parts.extend(module_strings.get(n.id, []))
    # A name bound to both `$1` and `%s` SQL serves several drivers (a test matrix): no evidence.
    return any(DOLLAR.search(p) for p in parts) and not any(PYFORMAT.search(p) for p in parts)


def collect_strings(info):
    """Strings bound to names: per function and at module level (for `query = "... $1"; conn.fetch(query)`)."""
    fn_strings, module_strings = {}, {}
    for node in ast.walk(info.tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            value = node.value
            if value is None:
                continue
            vals = [n.value for n in ast.walk(value) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
            if not vals:
                continue
            scope = info.scope(node)
            for t in targets:
                if isinstance(t, ast.Name):
                    if scope is None:
                        module_strings.setdefault(t.id, []).extend(vals)
                    else:
                        fn_strings.setdefault((id(scope), t.id), []).extend(vals)
    return fn_strings, module_strings


def key_of(info, node, recv):
    """Evidence key of a receiver text, by its scope rule."""
    if '.' not in recv and '[' not in recv and '(' not in recv:
        s = info.scope(node)
        # A name the function neither binds nor receives (or declares global) is the module's.
        if s is not None and recv not in info.locals_of(s):
            s = None
        return ('name', info.rel, id(s) if s is not None else 0, recv)
    if recv.startswith('self.') or recv.startswith('cls.'):
        return ('self', info.rel, recv.split('.', 1)[1])
    return ('dotted', recv)


def lookup(evidence, info, node, recv):
    """The evidence for a receiver: its own key, a typed property of that name (any file), or for `a.b.x` an
    attribute `self.x` of this file known to be asyncpg (a wrapper reaching into the object it holds)."""
    k = key_of(info, node, recv)
    if k in evidence:
        return evidence[k]
    parts = recv.split('.')
    if len(parts) == 2 and parts[0] in ('self', 'cls') and ('prop', parts[1]) in evidence:
        return evidence[('prop', parts[1])]
    if len(parts) >= 3 and parts[0] in ('self', 'cls') and all(p.isidentifier() for p in parts):
        r = evidence.get(('self', info.rel, parts[-1]))
        if r:
            return f'attribute {parts[-1]} ({r})'
    return None


def main(root):
    infos, unparsed = [], []
    for path in py_files(root):
        rel = os.path.relpath(path, root)
        try:
            with open(path, 'rb') as fh:
                src = fh.read()
            tree = ast.parse(src, filename=rel)
        except (SyntaxError, ValueError) as e:
            unparsed.append(f'{rel}: {e.__class__.__name__}')
            continue
        infos.append(FileInfo(rel, tree))
    project_imports = [i.rel for i in infos if i.imports_asyncpg]
    out = {'importingFiles': project_imports, 'unparsed': unparsed, 'sites': []}
    if not project_imports:
        print(json.dumps(out))
        return

    evidence = {}  # receiver key -> reason
    returns = {}  # function name -> reason (its return value is an asyncpg object)
    defined = {}  # function name -> how many definitions in the project (returns are followed for unique names)
    calls = []  # (info, call node, receiver text, method)

    def give(key, reason):
        if key not in evidence:
            evidence[key] = reason
            return True
        return False

    def value_reason(info, node, value):
        """Why `value` is an asyncpg connection or pool, or None."""
        v = strip_await(value)
        kind = info.direct_call(v)
        if kind:
            return f'bound to {kind}()'
        if isinstance(v, ast.Call):
            f = v.func
            if isinstance(f, ast.Attribute) and f.attr == 'acquire' and lookup(evidence, info, node, text(f.value)):
                return 'acquired from an asyncpg pool'
            if isinstance(f, ast.Name) and defined.get(f.id) == 1 and f.id in returns:
                return f'returned by {f.id}()'
            return None
        if isinstance(v, (ast.Name, ast.Attribute)):
            r = lookup(evidence, info, node, text(v))
            return f'alias ({r})' if r else None
        return None

    for info in infos:
        for node in ast.walk(info.tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                defined[node.name] = defined.get(node.name, 0) + 1
    for info in infos:
        fn_strings, module_strings = collect_strings(info)
        for node in ast.walk(info.tree):
            if isinstance(node, ast.AnnAssign) and info.is_type(node.annotation):
                give(key_of(info, node, text(node.target)), 'annotated')
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                a = node.args
                for arg in a.posonlyargs + a.args + a.kwonlyargs:
                    if info.is_type(arg.annotation):
                        give(('name', info.rel, id(node), arg.arg), 'annotated')
                if info.is_type(node.returns) and any(text(d).split('.')[-1] in ('property', 'cached_property') for d in node.decorator_list):
                    give(('prop', node.name), 'typed property')
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in API:
                recv = text(node.func.value)
                if not recv:
                    continue
                m = node.func.attr
                calls.append((info, node, recv, m))
                k = key_of(info, node, recv)
                if m in LISTENERS and not info.imports_asyncpg:
                    pass  # discord.py bots have add_listener/remove_listener too
                elif m in ONLY:
                    give(k, f'calls {m}()')
                elif m in SQL_METHODS and sql_has_dollar(info, node, fn_strings, module_strings):
                    give(k, '$n SQL')
    # Bindings, aliases, acquire() (both ways) and return values, to a fixed point.
    for _ in range(8):
        grew = False
        for info in infos:
            for node in ast.walk(info.tree):
                if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                    targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                    r = value_reason(info, node, node.value)
                    if r:
                        for t in targets:
                            grew |= give(key_of(info, node, text(t)), r)
                    # `bot.pool = pool` also tells that `pool` was one, when only the target is known.
                elif isinstance(node, (ast.With, ast.AsyncWith)):
                    for item in node.items:
                        if item.optional_vars is None:
                            continue
                        target = key_of(info, node, text(item.optional_vars))
                        r = value_reason(info, node, item.context_expr)
                        if r:
                            grew |= give(target, r)
                        v = item.context_expr
                        # A connection acquired from X that runs asyncpg code makes X an asyncpg pool.
                        if target in evidence and isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and v.func.attr == 'acquire':
                            grew |= give(key_of(info, v, text(v.func.value)), 'hands out asyncpg connections')
                elif isinstance(node, ast.Return) and node.value is not None:
                    fn = info.scope(node)
                    if fn is not None and fn.name not in returns:
                        r = value_reason(info, node, node.value)
                        if r:
                            returns[fn.name] = r
                            grew = True
        if not grew:
            break

    seen = set()
    for info in infos:
        for node in ast.walk(info.tree):
            kind = info.direct_call(node) if isinstance(node, ast.Call) else None
            if kind:
                seen.add(id(node))
                out['sites'].append(site(info, node, f'asyncpg.{kind}', 'asyncpg', 'module function'))
    for info, node, recv, m in calls:
        reason = lookup(evidence, info, node, recv)
        # asyncpg's cursor() and prepare() take the query; without arguments it is a DB-API cursor.
        if m in ('cursor', 'prepare') and not node.args:
            continue
        if reason and id(node) not in seen:
            out['sites'].append(site(info, node, m, recv, reason))
    out['sites'].sort(key=lambda s: (s['file'], s['line'], s['col']))
    print(json.dumps(out))


def statement_line(info, node):
    p = node
    while p is not None and not isinstance(p, ast.stmt):
        p = info.parents.get(p)
    return p.lineno if p is not None else node.lineno


def use_of(info, node):
    """How the call's value is used: 'stmt' (awaited and dropped), 'with' (a with item), or 'value'."""
    p = info.parents.get(node)
    if isinstance(p, ast.Await):
        p = info.parents.get(p)
        return 'stmt' if isinstance(p, ast.Expr) else 'value'
    if isinstance(p, ast.withitem):
        return 'with'
    return 'value'


def site(info, node, method, recv, reason):
    return {
        'args': len(node.args),
        'keywords': len(node.keywords),
        'use': use_of(info, node),
        'file': info.rel,
        'line': node.lineno,
        'endLine': getattr(node, 'end_lineno', node.lineno) or node.lineno,
        'col': node.col_offset,
        'stmtLine': statement_line(info, node),
        'method': method,
        'receiver': recv,
        'evidence': reason,
        'importsAsyncpg': info.imports_asyncpg,
    }


if __name__ == '__main__':
    main(sys.argv[1])
