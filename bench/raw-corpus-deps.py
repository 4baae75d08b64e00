"""Requirement lines declared by a pyproject.toml (PEP 621 or Poetry), for `pip install -r`.

    python3 bench/raw-corpus-deps.py <pyproject.toml> [extra-or-group ...]   -> one requirement a line

Poetry's caret and tilde constraints are written as PEP 440 ranges; `python` is skipped. Used on a tree
before and after `asyncpg-to-psycopg --write`, so the venv holds what the (rewritten) manifest declares.
"""
import re
import sys
import tomllib


def caret(v):
    parts = [int(p) for p in re.findall(r'\d+', v)][:3]
    while len(parts) < 3:
        parts.append(0)
    for i, p in enumerate(parts):
        if p != 0 or i == 2:
            upper = parts[:i] + [parts[i] + 1]
            break
    return f'>={v},<{".".join(map(str, upper))}'


def tilde(v):
    parts = [int(p) for p in re.findall(r'\d+', v)]
    upper = [parts[0] + 1] if len(parts) == 1 else [parts[0], parts[1] + 1]
    return f'>={v},<{".".join(map(str, upper))}'


def poetry_constraint(c):
    out = []
    for part in [p.strip() for p in c.split(',') if p.strip()]:
        if part == '*':
            continue
        if part.startswith('^'):
            out.append(caret(part[1:].strip()))
        elif part.startswith('~') and not part.startswith('~='):
            out.append(tilde(part[1:].strip()))
        elif re.match(r'^\d', part):
            out.append(f'=={part}')
        else:
            out.append(part)
    return ','.join(out)


def poetry_line(name, spec):
    if isinstance(spec, list):
        spec = spec[0]
    if isinstance(spec, str):
        return f'{name}{poetry_constraint(spec)}'
    if 'git' in spec or 'path' in spec or 'url' in spec:
        return None
    extras = f'[{",".join(spec["extras"])}]' if spec.get('extras') else ''
    return f'{name}{extras}{poetry_constraint(spec.get("version", "*"))}'


def main(path, wanted):
    with open(path, 'rb') as fh:
        data = tomllib.load(fh)
    lines = []
    project = data.get('project', {})
    lines += project.get('dependencies', [])
    for extra, deps in project.get('optional-dependencies', {}).items():
        if extra in wanted:
            lines += deps
    for group, deps in data.get('dependency-groups', {}).items():
        if group in wanted:
            lines += [d for d in deps if isinstance(d, str)]
    poetry = data.get('tool', {}).get('poetry', {})
    sections = [poetry.get('dependencies', {})]
    if 'dev' in wanted:
        sections.append(poetry.get('dev-dependencies', {}))
    for group, body in poetry.get('group', {}).items():
        if group in wanted:
            sections.append(body.get('dependencies', {}))
    for section in sections:
        for name, spec in section.items():
            if name.lower() == 'python':
                continue
            line = poetry_line(name, spec)
            if line:
                lines.append(line)
    print('\n'.join(lines))


if __name__ == '__main__':
    main(sys.argv[1], set(sys.argv[2:]))
