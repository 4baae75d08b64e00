"""Club members: rows read by key, by index, unpacked, iterated, turned into dicts, or handed on."""
import json

import psycopg
from psycopg.rows import dict_row
from . import asyncpg_compat

MEMBERS = "SELECT id, name, email, level FROM fx_rec_members ORDER BY id"


async def names(conn: psycopg.AsyncConnection) -> list[str]:
    return [r["name"] for r in await (await conn.cursor(row_factory=dict_row).execute(MEMBERS)).fetchall()]


async def emails(conn: psycopg.AsyncConnection) -> dict:
    rows = await (await conn.execute(MEMBERS)).fetchall()
    return {r[0]: r[2] for r in rows}


async def first_as_json(conn: psycopg.AsyncConnection) -> str:
    row = await (await conn.cursor(row_factory=dict_row).execute(MEMBERS)).fetchone()
    return json.dumps(dict(row), sort_keys=True)


async def levels(conn: psycopg.AsyncConnection) -> list[tuple]:
    out = []
    for member_id, name, _email, level in await (await conn.execute(MEMBERS)).fetchall():
        out.append((member_id, name.upper(), level))
    return out


async def describe(conn: psycopg.AsyncConnection, member_id: int) -> str:
    row = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT id, name, level FROM fx_rec_members WHERE id = $1", (member_id,))).fetchone()
    if not row:
        return "nobody"
    return f"{row['name']} (#{row[0]}, level {row.get('level')}, {len(row)} columns: {', '.join(row.keys())})"


async def values_of(conn: psycopg.AsyncConnection, member_id: int) -> tuple[list, list, list]:
    row = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT name, level FROM fx_rec_members WHERE id = $1", (member_id,))).fetchone()
    return list(row), list(row.values()), [f"{k}={v}" for k, v in row.items()]


async def top(conn: psycopg.AsyncConnection):
    rows = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute(MEMBERS)).fetchall()
    return max(rows, key=lambda r: r["level"])


async def with_team(conn: psycopg.AsyncConnection):
    # Both tables have id and name: asyncpg's row["id"] is the last column of that name.
    rows = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute("SELECT m.*, t.* FROM fx_rec_members m JOIN fx_rec_teams t ON t.id = m.level ORDER BY m.id")).fetchall()
    return [(r["id"], r["name"], r[0], r[1], "email" in r, len(r)) for r in rows]


async def team_names(conn: psycopg.AsyncConnection) -> list:
    rows = await (await conn.cursor(row_factory=dict_row).execute("SELECT m.name, t.name FROM fx_rec_members m JOIN fx_rec_teams t ON t.id = m.level ORDER BY m.id")).fetchall()
    return [r["name"] for r in rows]


async def count_and_last(conn: psycopg.AsyncConnection):
    rows = await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute(MEMBERS)).fetchall()
    if len(rows) == 0:
        return None
    return len(rows), rows[-1]["email"], rows[-1][3]


async def slice_tail(conn: psycopg.AsyncConnection, member_id: int):
    row = await (await conn.execute(MEMBERS.replace("ORDER BY id", "WHERE id = $1"), (member_id,))).fetchone()
    return row[1:] if row is not None else None
