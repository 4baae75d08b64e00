import json

import asyncpg


async def init(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec("jsonb", schema="pg_catalog", encoder=json.dumps, decoder=json.loads)


async def open_pool(dsn: str) -> asyncpg.Pool:
    # migrate-driver: TODO asyncpg.create_pool(): port to psycopg_pool.AsyncConnectionPool(conninfo, min_size=..., max_size=..., open=False, kwargs={"prepare_threshold": None}, reset=...) then await pool.open(), from the psycopg-pool package; reset= must do what asyncpg does on release (RESET ALL, UNLISTEN *, pg_advisory_unlock_all()), which psycopg_pool does not do by itself
    return await asyncpg.create_pool(dsn, init=init)


async def save_prefs(pool: asyncpg.Pool, user_id: int, theme: str) -> None:
    prefs = {"theme": theme}
    await pool.execute("UPDATE users SET prefs = $2::jsonb WHERE id = $1", user_id, prefs)


async def save_visits(pool: asyncpg.Pool, visits: list[dict]) -> None:
    # the codec encodes the list; psycopg would send it as an array
    # migrate-driver: TODO pool.execute() left as is: the project's jsonb codec encodes any value asyncpg is given for $1 (jsonb), and psycopg only dicts that way: pass the value as psycopg.types.json.Jsonb(value, dumps=<the codec's encoder>)
    await pool.execute(
        "INSERT INTO visits (user_id, page) SELECT v.user_id, v.page FROM jsonb_to_recordset($1::jsonb) AS v(user_id bigint, page text)",
        visits,
    )
