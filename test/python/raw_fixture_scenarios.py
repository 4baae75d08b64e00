"""Runs the `scenario(dsn)` of raw asyncpg fixture cases and prints one canonical line per result.

    python raw_fixture_scenarios.py DSN CASE_DIR...

Each CASE_DIR holds one case's files as the codemod sees them (NAME.py); a folder with __init__.py is
imported as a package named after the folder. scenario(dsn) returns a list of (label, value) pairs.
Every line is `CASE | label: value`, each value shown with its Python type (the approach of
fixtures/raw-asyncpg-service/scenario.py), so a run on asyncpg and a run of the ported code on psycopg
compare line by line. A scenario that raises prints `CASE | scenario failed: ...` and the run goes on.
"""
from __future__ import annotations

import asyncio
import importlib
import os
import re
import sys

SCENARIO = re.compile(r"^async def scenario\(", re.M)


def is_row(value) -> bool:
    return hasattr(value, "keys") and not isinstance(value, dict)


def canon(value) -> str:
    if value is None:
        return "None"
    if is_row(value):
        cells = []
        for i, key in enumerate(value.keys()):
            by_key, by_index = value[key], value[i]
            same = by_key is by_index or by_key == by_index
            cells.append(f"({key}, {canon(by_key)}{'' if same else ' INDEX-MISMATCH ' + canon(by_index)})")
        return f"row{len(value)}[{', '.join(cells)}]"
    if isinstance(value, list):
        return "list[" + ", ".join(canon(v) for v in value) + "]"
    if isinstance(value, tuple):
        return "tuple(" + ", ".join(canon(v) for v in value) + ")"
    if isinstance(value, dict):
        return "dict{" + ", ".join(f"{k!r}: {canon(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (set, frozenset)):
        return "set{" + ", ".join(sorted(canon(v) for v in value)) + "}"
    if isinstance(value, memoryview):
        value = bytes(value)
    return f"{type(value).__name__}:{value!r}"


def scenario_module(case_dir: str) -> str | None:
    """The module (dotted, inside the case) that defines a top-level async def scenario(dsn)."""
    for name in sorted(os.listdir(case_dir)):
        if name.endswith(".py"):
            with open(os.path.join(case_dir, name), encoding="utf-8") as f:
                if SCENARIO.search(f.read()):
                    return name[:-3]
    return None


async def run_case(dsn: str, case_dir: str) -> list[str]:
    case = os.path.basename(os.path.normpath(case_dir))
    module = scenario_module(case_dir)
    if module is None:
        return [f"{case} | scenario failed: no async def scenario(dsn)"]
    package = os.path.exists(os.path.join(case_dir, "__init__.py"))
    path_entry = os.path.dirname(os.path.normpath(case_dir)) if package else case_dir
    before = set(sys.modules)
    tasks_before = asyncio.all_tasks()
    sys.path.insert(0, path_entry)
    try:
        mod = importlib.import_module(f"{case}.{module}" if package else module)
        results = await asyncio.wait_for(mod.scenario(dsn), 60)
        return [f"{case} | {label}: {canon(value)}" for label, value in results]
    except Exception as exc:  # reported as a line: the other interpreter's run then differs
        first = (str(exc).splitlines() or [""])[0][:160]
        return [f"{case} | scenario failed: {type(exc).__name__}: {first}"]
    finally:
        # A pool or listener a failed scenario left open must not keep the next case (or the process) waiting.
        for task in asyncio.all_tasks() - tasks_before - {asyncio.current_task()}:
            task.cancel()
        sys.path.remove(path_entry)
        # Cases share module names (db, repo, asyncpg_compat): each case imports its own. Only the case's
        # modules go; drivers stay loaded (their C extensions cannot be imported twice).
        case_root = os.path.abspath(case_dir) + os.sep
        for name in set(sys.modules) - before:
            origin = getattr(sys.modules[name], "__file__", None) or ""
            if name == case or os.path.abspath(origin).startswith(case_root):
                del sys.modules[name]


async def main(dsn: str, case_dirs: list[str]) -> int:
    for d in case_dirs:
        for line in await run_case(dsn, d):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit("usage: python raw_fixture_scenarios.py DSN CASE_DIR...")
    sys.exit(asyncio.run(main(sys.argv[1], sys.argv[2:])))
