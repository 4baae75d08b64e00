"""What a json/jsonb codec does with values of each Python type given for a `$1::jsonb` parameter.

python json_codec_params.py asyncpg|compat DSN [COMPAT_DIR]: asyncpg with conn.set_type_codec(), or psycopg
with asyncpg_compat.set_type_codec() (the module the codemod writes, imported from COMPAT_DIR). Prints one
JSON object: value kind -> "ok:<value read back>" or "error:<exception class>".
"""
import asyncio
import json
import sys

VALUES = {"dict": {"a": 1}, "list": [{"a": 1}, {"a": 2}], "str": "x"}


async def one(run):
    try:
        return f"ok:{json.dumps(await run())}"
    except Exception as exc:
        return f"error:{type(exc).__name__}"


async def main(driver, dsn, compat_dir):
    out = {}
    if driver == "asyncpg":
        import asyncpg

        conn = await asyncpg.connect(dsn)
        await conn.set_type_codec("jsonb", schema="pg_catalog", encoder=json.dumps, decoder=json.loads, format="text")
        for k, v in VALUES.items():
            out[k] = await one(lambda v=v: conn.fetchval("SELECT $1::jsonb", v))
    else:
        sys.path.insert(0, compat_dir)
        import psycopg
        import asyncpg_compat

        conn = await psycopg.AsyncConnection.connect(dsn, autocommit=True, prepare_threshold=None, cursor_factory=psycopg.AsyncRawCursor, context=asyncpg_compat.ASYNCPG_TYPES)
        asyncpg_compat.set_type_codec(conn, "jsonb", schema="pg_catalog", encoder=json.dumps, decoder=json.loads, format="text")

        async def fetchval(v):
            return (await (await conn.execute("SELECT $1::jsonb", (v,))).fetchone())[0]

        for k, v in VALUES.items():
            out[k] = await one(lambda v=v: fetchval(v))
    await conn.close()
    print(json.dumps(out))


asyncio.run(main(sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "."))
