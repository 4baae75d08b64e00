"""User settings kept in jsonb (decoded by a codec) and an audit trail kept in json (left as text)."""
import json

import asyncpg


async def with_codecs(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec("jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


async def save(conn: asyncpg.Connection, user: str, prefs: dict) -> None:
    await conn.execute(
        "INSERT INTO fx_codec_settings (usr, prefs) VALUES ($1, $2) ON CONFLICT (usr) DO UPDATE SET prefs = fx_codec_settings.prefs || $2",
        user,
        prefs,
    )


async def prefs_of(conn: asyncpg.Connection, user: str):
    return await conn.fetchval("SELECT prefs FROM fx_codec_settings WHERE usr = $1", user)


async def theme(conn: asyncpg.Connection, user: str):
    return await conn.fetchval("SELECT prefs -> 'theme' FROM fx_codec_settings WHERE usr = $1", user)


async def audit(conn: asyncpg.Connection, user: str, event: dict) -> None:
    # json column: asyncpg has no codec for it here, so it travels as text.
    await conn.execute("INSERT INTO fx_codec_audit (usr, event) VALUES ($1, $2)", user, json.dumps(event))


async def audit_trail(conn: asyncpg.Connection, user: str) -> list:
    return [r["event"] for r in await conn.fetch("SELECT event FROM fx_codec_audit WHERE usr = $1 ORDER BY id", user)]
