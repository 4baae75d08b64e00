"""Concurrent workload through the fixture app's own engine; every answer is checked.

Usage: python workload.py APP_DIR [--tasks N] [--requests N]
Prints one JSON line: {"ok": n, "errors": n, "wrong": n, "error_kinds": {...}, "driver": "..."}.
DATABASE_URL comes from the environment, as in the app.
"""
import argparse
import asyncio
import json
import random
import sys
import time

parser = argparse.ArgumentParser()
parser.add_argument("app_dir")
parser.add_argument("--tasks", type=int, default=24)
parser.add_argument("--requests", type=int, default=40)
parser.add_argument("--seconds", type=float, default=60.0, help="hard stop")
args = parser.parse_args()
sys.path.insert(0, args.app_dir)

from sqlalchemy import text  # noqa: E402

from app.db import engine  # noqa: E402  (the app's real engine, as configured)

# Three statement texts with different result types, as in TEST-ENV.md.
# Each entry: statement, how to make the parameter from a random int, the expected answer.
QUERIES = [
    (text("select cast(:x as integer) + 1 as v"), int, lambda x: x + 1),
    (text("select cast(:x as integer) * 2 as v"), int, lambda x: x * 2),
    (text("select cast(:x as text) || 'x' as v"), str, lambda x: f"{x}x"),
]

counts = {"ok": 0, "errors": 0, "wrong": 0}
error_kinds: dict[str, int] = {}
deadline = time.monotonic() + args.seconds


def error_kind(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)
    cause = orig.__cause__
    if code is None and cause is not None:
        code = getattr(cause, "sqlstate", None)
    name = type(cause if cause is not None else orig).__name__
    return f"{code or '-'} {name}"


async def one_request(rng: random.Random) -> None:
    async with engine.connect() as conn:
        for _ in range(rng.randint(1, 3)):
            stmt, make, expect = rng.choice(QUERIES)
            x = rng.randint(1, 1_000_000)
            got = (await conn.execute(stmt, {"x": make(x)})).scalar_one()
            if got == expect(x):
                counts["ok"] += 1
            else:
                counts["wrong"] += 1
                error_kinds["wrong answer"] = error_kinds.get("wrong answer", 0) + 1
        await conn.commit()


async def client(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(args.requests):
        if time.monotonic() > deadline:
            return
        try:
            await one_request(rng)
        except Exception as exc:  # every failure is counted, never hidden
            counts["errors"] += 1
            kind = error_kind(exc)
            error_kinds[kind] = error_kinds.get(kind, 0) + 1


async def main() -> None:
    try:
        await asyncio.gather(*(client(i) for i in range(args.tasks)))
    finally:
        await engine.dispose()
    print(json.dumps({**counts, "error_kinds": error_kinds, "driver": engine.dialect.driver}))


asyncio.run(main())
