import json

import asyncpg


async def init(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec("jsonb", schema="pg_catalog", encoder=json.dumps, decoder=json.loads)


async def open_pool(dsn: str) -> asyncpg.Pool:
    return await asyncpg.create_pool(dsn, init=init)


async def save_prefs(pool: asyncpg.Pool, user_id: int, theme: str) -> None:
    prefs = {"theme": theme}
    await pool.execute("UPDATE users SET prefs = $2::jsonb WHERE id = $1", user_id, prefs)


async def save_visits(pool: asyncpg.Pool, visits: list[dict]) -> None:
    # the codec encodes the list; psycopg would send it as an array
    await pool.execute(
        "INSERT INTO visits (user_id, page) SELECT v.user_id, v.page FROM jsonb_to_recordset($1::jsonb) AS v(user_id bigint, page text)",
        visits,
    )
