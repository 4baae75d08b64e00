"""User settings kept in jsonb (decoded by a codec) and an audit trail kept in json (left as text)."""
import json

import psycopg
from psycopg.rows import dict_row, scalar_row
from . import asyncpg_compat


async def with_codecs(conn: psycopg.AsyncConnection) -> None:
    # migrate-driver: TODO set_type_codec("jsonb") ported: values read back are decoded as before, but only dict parameters go through the encoder; asyncpg also encoded lists, strings and numbers given for a jsonb parameter. Wrap those in psycopg.types.json.Jsonb(value) (a str passed today was stored as a JSON string; unwrapped it is now parsed as JSON)
    asyncpg_compat.set_type_codec(conn, "jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog")


async def save(conn: psycopg.AsyncConnection, user: str, prefs: dict) -> None:
    await conn.execute(
        "INSERT INTO fx_codec_settings (usr, prefs) VALUES ($1, $2) ON CONFLICT (usr) DO UPDATE SET prefs = fx_codec_settings.prefs || $2",
        (
            user,
            prefs,
        ),
    )


async def prefs_of(conn: psycopg.AsyncConnection, user: str):
    return await (await conn.cursor(row_factory=scalar_row).execute("SELECT prefs FROM fx_codec_settings WHERE usr = $1", (user,))).fetchone()


async def theme(conn: psycopg.AsyncConnection, user: str):
    return await (await conn.cursor(row_factory=scalar_row).execute("SELECT prefs -> 'theme' FROM fx_codec_settings WHERE usr = $1", (user,))).fetchone()


async def audit(conn: psycopg.AsyncConnection, user: str, event: dict) -> None:
    # json column: asyncpg has no codec for it here, so it travels as text.
    await conn.execute("INSERT INTO fx_codec_audit (usr, event) VALUES ($1, $2)", (user, json.dumps(event)))


async def audit_trail(conn: psycopg.AsyncConnection, user: str) -> list:
    return [r["event"] for r in await (await conn.cursor(row_factory=dict_row).execute("SELECT event FROM fx_codec_audit WHERE usr = $1 ORDER BY id", (user,))).fetchall()]
