"""Runs the realcode-sqlalchemy fixture app for real and reports what it did.

Usage: python realcode_checks.py APP_DIR [--part functional|pooled|all] [--tasks N] [--queries N]
The app reads its own settings (DB_HOST, DB_PORT, DB_DIRECT_PORT, DB_USER, DB_PASSWORD, DB_NAME) from
the environment, as it would in production.

Prints one JSON line:
  {"driver": ..., "info": {...}, "checks": {name: {"value": ..., "shape": ...} | {"error": ...}},
   "pooled": {"ok", "errors", "wrong", "error_kinds"}, "pooled_sync": {...}}
"checks" must not depend on the driver: a migration that keeps the app working leaves them identical.
"info" holds what is expected to differ (driver, codec installs, prepare_threshold).
"""
import argparse
import asyncio
import decimal
import json
import random
import sys
import time
import traceback
import uuid

p = argparse.ArgumentParser()
p.add_argument("app_dir")
p.add_argument("--part", choices=["functional", "pooled", "all"], default="all")
p.add_argument("--tasks", type=int, default=20)
p.add_argument("--queries", type=int, default=40, help="checked queries per task")
p.add_argument("--seconds", type=float, default=90.0, help="hard stop for the pooled run")
args = p.parse_args()
sys.path.insert(0, args.app_dir)

from sqlalchemy import text  # noqa: E402
from sqlalchemy.exc import DBAPIError  # noqa: E402

from app import config, db, reporting, services  # noqa: E402  (the app's real modules, as configured)
from app.db import SessionLocal, engine  # noqa: E402
from app.reporting import report_engine  # noqa: E402

RUN = uuid.uuid4().hex[:12]  # the database outlives one run: keys made here never collide with older rows


def shape(v):
    """The Python types inside a value, so int vs str vs Decimal differences show up in the comparison."""
    if isinstance(v, dict):
        return {k: shape(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [shape(x) for x in v]
    return type(v).__name__


def jsonable(v):
    if isinstance(v, dict):
        return {k: jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [jsonable(x) for x in v]
    if isinstance(v, decimal.Decimal):
        return str(v)
    if v is None or isinstance(v, (bool, int, float, str)):
        return v
    return repr(v)


def sqlstate(exc: BaseException):
    """SQLSTATE of a driver error, or of the driver error behind SQLAlchemy's wrapper."""
    for e in (exc, getattr(exc, "orig", None), exc.__cause__, getattr(getattr(exc, "orig", None), "__cause__", None)):
        code = getattr(e, "sqlstate", None) if e is not None else None
        if code:
            return code
    return None


def failure(exc: BaseException) -> dict:
    first = (str(exc).strip().splitlines() or [""])[0][:200]
    return {"error": f"{type(exc).__module__}.{type(exc).__name__}: {first}", "sqlstate": sqlstate(exc)}


checks: dict = {}
info: dict = {}


async def check(name: str, fn) -> None:
    """One check: its value and types, or the error it raised (each check is independent of the others)."""
    try:
        v = await fn()
        checks[name] = {"value": jsonable(v), "shape": shape(v)}
    except Exception as exc:  # noqa: BLE001  every failure is reported, never hidden
        checks[name] = failure(exc)
        print(f"check {name} failed:\n{traceback.format_exc()}", file=sys.stderr)


async def in_session(fn):
    async with SessionLocal() as s:
        return await fn(s)


# --- 7. the raw asyncpg script: it creates the schema every other check uses


async def bootstrap():
    from scripts import bootstrap as b

    return await b.main()


# --- 2. class-23 parent: NOT NULL, UNIQUE and CHECK are all "conflict"; anything else propagates


async def integrity():
    sku = f"sku-{RUN}"
    out = {}
    out["created"] = await in_session(lambda s: services.add_product(s, sku, "Lamp", "19.90"))
    out["unique"] = await in_session(lambda s: services.add_product(s, sku, "Lamp again", "19.90"))
    out["not_null"] = await in_session(lambda s: services.add_product(s, f"{sku}-n", None, "5"))
    out["check"] = await in_session(lambda s: services.add_product(s, f"{sku}-c", "Refund", "-1"))
    try:
        # numeric(8, 2) overflow is class 22, not 23: the helper must not swallow it.
        out["out_of_range"] = await in_session(lambda s: services.add_product(s, f"{sku}-r", "Yacht", "123456789"))
    except Exception as exc:  # noqa: BLE001
        # SQLAlchemy's wrapper class differs per dialect (DBAPIError vs DataError); its base does not.
        out["out_of_range"] = {"dbapi_error": isinstance(exc, DBAPIError), "sqlstate": sqlstate(exc)}
    return out


# --- 3. the dead asyncpg check on exc.orig: 409 before, 409 after


async def signup():
    email = f"{RUN}@example.com"
    first = await in_session(lambda s: services.register_user(s, email))
    second = await in_session(lambda s: services.register_user(s, email))
    return [first, second]


# --- 2. TransactionRollbackError (and LockNotAvailable) in the retry helper's except tuple


def failing_first(code: str, times: int = 1):
    """A unit of work that fails with SQLSTATE `code` on its first `times` runs, as the server would send it."""
    runs = {"n": 0}

    async def work(session):
        runs["n"] += 1
        if runs["n"] <= times:
            await session.execute(text(f"do $$ begin raise exception 'simulated' using errcode = '{code}'; end $$"))
        return (await session.execute(text("select 'done'"))).scalar_one()

    return work


async def retried(work, attempts=3):
    try:
        result, used = await services.run_in_transaction(work, attempts)
        return {"result": result, "attempts": used}
    except Exception as exc:  # noqa: BLE001  the class differs per driver by design; the SQLSTATE must not
        return {"raised": sqlstate(exc), "driver_error": type(exc).__module__.split(".")[0] in ("asyncpg", "psycopg")}


async def retries():
    return {
        "serialization_failure": await retried(failing_first("40001")),
        "deadlock": await retried(failing_first("40P01")),
        "rollback_integrity": await retried(failing_first("40002")),
        "lock_not_available": await retried(failing_first("55P03")),
        "gives_up": await retried(failing_first("40001", times=5)),
        "not_retryable": await retried(failing_first("22012")),
        "real_write_skew": await write_skew(),
    }


async def write_skew():
    """Two SERIALIZABLE transactions that each read what the other writes. The second writes only once
    the first has committed, so PostgreSQL aborts the second with 40001 and the helper must retry it
    (the order is fixed so the attempt counts do not depend on timing). Returns the attempts each needed."""
    barrier = asyncio.Barrier(2)
    prefix = f"ssi-{RUN}-"
    first: asyncio.Task | None = None

    def work(n):
        tries = {"n": 0}

        async def run(session):
            tries["n"] += 1
            await session.execute(text("set transaction isolation level serializable"))
            seen = (await session.execute(text("select count(*) from products where sku like :p"), {"p": prefix + "%"})).scalar_one()
            if tries["n"] == 1:
                await asyncio.wait_for(barrier.wait(), 15)  # both have read before either writes
                if n == 2:
                    await asyncio.wait_for(asyncio.shield(first), 15)  # the first has committed
            await session.execute(
                text("insert into products (sku, name, price) values (:sku, 'skew', 1)"), {"sku": f"{prefix}{n}"}
            )
            return seen

        return run

    first = asyncio.ensure_future(services.run_in_transaction(work(1)))
    results = await asyncio.gather(first, services.run_in_transaction(work(2)))
    return [used for _, used in results]


# --- 1. jsonb: read back as a dict (asyncpg through the app's codec, psycopg natively)


async def jsonb_read():
    return await in_session(lambda s: services.get_setting(s, "ui"))


async def jsonb_write():
    """The codec's encoder lets the app pass a dict as a jsonb parameter; the value must round-trip."""
    key = f"feature-{RUN}"
    value = {"enabled": True, "rollout": [10, 50, 100], "owner": "search"}

    async def go(s):
        await services.save_setting(s, key, value)
        return await services.get_setting(s, key)

    return await in_session(go)


# --- 5. application_name from an expression


async def application_name():
    got = await in_session(services.current_app_name)
    return {"value": got, "matches_APP_NAME": got == config.APP_NAME}


# --- 4. both engines connect


async def async_engine():
    async with engine.connect() as conn:
        return (await conn.execute(text("select 40 + 2"))).scalar_one()


async def sync_engine():
    def go():
        with report_engine.connect() as conn:
            name = conn.execute(text("select current_setting('application_name')")).scalar_one()
        return {
            "products_is_int": isinstance(reporting.product_count(), int),
            "price_total_empty": reporting.price_total(1_000_000),
            "application_name_matches": name == f"{config.APP_NAME}-reports",
        }

    return await asyncio.to_thread(go)


async def main_module():
    from app.main import app

    return sorted(r.path for r in app.routes if r.path.startswith(("/health", "/products", "/users", "/settings")))


async def driver_info() -> None:
    info["driver"] = engine.dialect.driver
    info["sync_driver"] = report_engine.dialect.driver
    info["url_query"] = dict(engine.url.query)
    info["app_name"] = config.APP_NAME
    async with engine.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        info["async_prepare_threshold"] = getattr(raw, "prepare_threshold", "n/a (asyncpg)")

    def sync_threshold():
        with report_engine.connect() as conn:
            return getattr(conn.connection.driver_connection, "prepare_threshold", "n/a")

    info["sync_prepare_threshold"] = await asyncio.to_thread(sync_threshold)
    info["codec_installs"] = db.codec_installs


async def functional() -> None:
    await check("bootstrap", bootstrap)
    await check("main_module", main_module)
    await check("async_engine", async_engine)
    await check("sync_engine", sync_engine)
    await check("application_name", application_name)
    await check("jsonb_read", jsonb_read)
    await check("jsonb_write", jsonb_write)
    await check("integrity", integrity)
    await check("signup", signup)
    await check("retries", retries)
    try:
        await driver_info()
    except Exception as exc:  # noqa: BLE001
        info["error"] = failure(exc)


# --- the pooled run: concurrent tasks through the app's async engine, every answer checked

QUERIES = [
    (text("select cast(:x as integer) + 1 as v"), int, lambda x: x + 1),
    (text("select cast(:x as integer) * 2 as v"), int, lambda x: x * 2),
    (text("select cast(:x as text) || 'x' as v"), str, lambda x: f"{x}x"),
    (text("select jsonb_build_object('v', cast(:x as integer)) as v"), int, lambda x: {"v": x}),
]
SYNC_QUERIES = [
    (text("select cast(:x as integer) - 1 as v"), int, lambda x: x - 1),
    (text("select cast(:x as text) || 'r' as v"), str, lambda x: f"{x}r"),
]


def new_counts() -> dict:
    return {"ok": 0, "errors": 0, "wrong": 0, "error_kinds": {}}


def note(counts: dict, kind: str) -> None:
    counts["error_kinds"][kind] = counts["error_kinds"].get(kind, 0) + 1


def kind_of(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    cause = orig.__cause__ if orig.__cause__ is not None else orig
    return f"{sqlstate(exc) or '-'} {type(cause).__name__}"


async def pooled(counts: dict, deadline: float) -> None:
    async def client(seed: int) -> None:
        rng = random.Random(seed)
        left = args.queries
        while left > 0:
            if time.monotonic() > deadline:
                counts["errors"] += left
                note(counts, "deadline")
                return
            n = min(left, rng.randint(1, 3))  # one request = one transaction of 1-3 statements
            left -= n
            try:
                async with engine.connect() as conn:
                    for _ in range(n):
                        stmt, make, expect = rng.choice(QUERIES)
                        x = rng.randint(1, 1_000_000)
                        got = (await conn.execute(stmt, {"x": make(x)})).scalar_one()
                        if got == expect(x) and type(got) is type(expect(x)):
                            counts["ok"] += 1
                        else:
                            counts["wrong"] += 1
                            note(counts, "wrong answer")
                        n -= 1
                    await conn.commit()
            except Exception as exc:  # noqa: BLE001  the statement that failed and those it prevented
                counts["errors"] += max(n, 1)
                note(counts, kind_of(exc))

    await asyncio.gather(*(client(i) for i in range(args.tasks)))


def pooled_sync(counts: dict, deadline: float) -> None:
    """The reporting engine at work in a thread while the API is busy, as in production."""
    rng = random.Random(99)
    for _ in range(args.queries):
        if time.monotonic() > deadline:
            counts["errors"] += 1
            note(counts, "deadline")
            return
        stmt, make, expect = rng.choice(SYNC_QUERIES)
        x = rng.randint(1, 1_000_000)
        try:
            with report_engine.connect() as conn:
                got = conn.execute(stmt, {"x": make(x)}).scalar_one()
                conn.commit()
            if got == expect(x):
                counts["ok"] += 1
            else:
                counts["wrong"] += 1
                note(counts, "wrong answer")
        except Exception as exc:  # noqa: BLE001
            counts["errors"] += 1
            note(counts, kind_of(exc))
        time.sleep(0.01)  # spread over the async run


async def main() -> None:
    out: dict = {}
    try:
        if args.part in ("functional", "all"):
            await functional()
            out["checks"] = checks
            out["info"] = info
        if args.part in ("pooled", "all"):
            counts, sync_counts = new_counts(), new_counts()
            deadline = time.monotonic() + args.seconds
            sync_run = asyncio.to_thread(pooled_sync, sync_counts, deadline)
            await asyncio.gather(pooled(counts, deadline), sync_run)
            out["pooled"] = counts
            out["pooled_sync"] = sync_counts
            out.setdefault("info", {})["driver"] = engine.dialect.driver
    finally:
        await engine.dispose()
        report_engine.dispose()
    print(json.dumps(out, sort_keys=True))


asyncio.run(main())
