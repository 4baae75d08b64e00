"""Calls the fixture app's create_user twice with one email: the second must be a 409.

This runs the app's own exception handling (asyncpg or psycopg, whichever it uses) for real.
Prints one JSON line: {"first": <id or error>, "second": <status or error>}.
"""
import asyncio
import json
import sys
import uuid

sys.path.insert(0, sys.argv[1])

from fastapi import HTTPException  # noqa: E402

from app.db import SessionLocal, engine  # noqa: E402
from app.dependencies import create_user  # noqa: E402


async def main() -> None:
    email = f"{uuid.uuid4()}@example.com"
    out = {}
    async with SessionLocal() as s:
        out["first"] = await create_user(email, s)
    async with SessionLocal() as s:
        try:
            await create_user(email, s)
            out["second"] = "no error"
        except HTTPException as exc:
            out["second"] = exc.status_code
        except Exception as exc:  # noqa: BLE001
            out["second"] = f"{type(exc).__module__}.{type(exc).__name__}"
    await engine.dispose()
    print(json.dumps(out))


asyncio.run(main())
