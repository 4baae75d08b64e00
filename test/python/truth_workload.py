"""Runs a truth-table app for real: N concurrent clients, every answer checked, bounded in time.

Usage: python truth_workload.py APP_DIR URL [--clients N] [--queries N]
Prints one JSON line: {"ok": n, "errors": n, "wrong": n, "error_kinds": {...}}.
"""
import argparse
import asyncio
import importlib.util
import json
import random
import time

p = argparse.ArgumentParser()
p.add_argument("app_dir")
p.add_argument("url", help="the URL, or env to read DATABASE_URL (as under verify -- ...)")
p.add_argument("--clients", type=int, default=20)
p.add_argument("--queries", type=int, default=40)
p.add_argument("--seconds", type=float, default=30.0)
args = p.parse_args()
if args.url == "env":
    import os

    args.url = os.environ["DATABASE_URL"]

spec = importlib.util.spec_from_file_location("truth_app", f"{args.app_dir}/app.py")
app = importlib.util.module_from_spec(spec)
spec.loader.exec_module(app)

EXPECT = [lambda x: x + 1, lambda x: x * 2, lambda x: f"{x}x"]
counts = {"ok": 0, "errors": 0, "wrong": 0}
kinds: dict = {}
deadline = time.monotonic() + args.seconds


def note(kind: str) -> None:
    kinds[kind] = kinds.get(kind, 0) + 1


def describe(exc: BaseException) -> str:
    for e in (exc, getattr(exc, "orig", None), exc.__cause__, getattr(getattr(exc, "orig", None), "__cause__", None)):
        code = getattr(e, "sqlstate", None) if e is not None else None
        if code:
            return f"{code} {type(e).__name__}"
    return type(exc).__name__


async def client(seed: int):
    rng = random.Random(seed)
    try:
        # An app whose open() does real work (a cache warm-up) may ask for longer.
        handle = await asyncio.wait_for(app.open(args.url), getattr(app, 'OPEN_TIMEOUT', 10))
    except Exception as exc:  # noqa: BLE001
        counts["errors"] += args.queries
        note(f"connect: {describe(exc)}")
        return None
    for _ in range(args.queries):
        if time.monotonic() > deadline:
            counts["errors"] += 1
            note("deadline")
            break
        kind, x = rng.randrange(3), rng.randint(1, 1_000_000)
        try:
            got = await asyncio.wait_for(app.query(handle, kind, x), 5)
        except Exception as exc:  # noqa: BLE001
            counts["errors"] += 1
            note(describe(exc))
            continue
        if got == EXPECT[kind](x):
            counts["ok"] += 1
        else:
            counts["wrong"] += 1
            note("wrong answer")
    return handle


async def main() -> None:
    handles = await asyncio.gather(*(client(i) for i in range(args.clients)))
    # Close each handle once, after every client is done (an app may share one engine between clients).
    for h in {id(h): h for h in handles if h is not None}.values():
        try:
            await asyncio.wait_for(app.close(h), 5)
        except Exception:  # noqa: BLE001
            pass
    print(json.dumps({**counts, "error_kinds": kinds}))


asyncio.run(main())
