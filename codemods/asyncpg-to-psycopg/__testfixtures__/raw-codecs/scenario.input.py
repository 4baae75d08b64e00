import asyncpg

from . import settings_store


async def scenario(dsn):
    conn = await asyncpg.connect(dsn)
    plain = await asyncpg.connect(dsn)
    out = []
    try:
        await conn.execute(
            "DROP TABLE IF EXISTS fx_codec_settings, fx_codec_audit;"
            "CREATE TABLE fx_codec_settings (usr text PRIMARY KEY, prefs jsonb);"
            "CREATE TABLE fx_codec_audit (id serial PRIMARY KEY, usr text, event json)"
        )
        await settings_store.with_codecs(conn)
        await settings_store.save(conn, "ann", {"theme": "dark", "langs": ["en", "fr"], "beta": True})
        await settings_store.save(conn, "ann", {"beta": False, "font": 14})
        out.append(("jsonb through the codec: dict in, dict out", await settings_store.prefs_of(conn, "ann")))
        out.append(("jsonb expression through the codec", await settings_store.theme(conn, "ann")))
        out.append(("jsonb on a connection without codec: str", await settings_store.prefs_of(plain, "ann")))
        await settings_store.audit(conn, "ann", {"action": "login", "ip": "10.0.0.1"})
        out.append(("json column: no codec, str", await settings_store.audit_trail(conn, "ann")))
        out.append(("missing user", await settings_store.prefs_of(conn, "bob")))
    finally:
        await conn.execute("DROP TABLE IF EXISTS fx_codec_settings, fx_codec_audit")
        await plain.close()
        await conn.close()
    return out
