"""Club members: rows read by key, by index, unpacked, iterated, turned into dicts, or handed on."""
import json

import asyncpg

MEMBERS = "SELECT id, name, email, level FROM fx_rec_members ORDER BY id"


async def names(conn: asyncpg.Connection) -> list[str]:
    return [r["name"] for r in await conn.fetch(MEMBERS)]


async def emails(conn: asyncpg.Connection) -> dict:
    rows = await conn.fetch(MEMBERS)
    return {r[0]: r[2] for r in rows}


async def first_as_json(conn: asyncpg.Connection) -> str:
    row = await conn.fetchrow(MEMBERS)
    return json.dumps(dict(row), sort_keys=True)


async def levels(conn: asyncpg.Connection) -> list[tuple]:
    out = []
    for member_id, name, _email, level in await conn.fetch(MEMBERS):
        out.append((member_id, name.upper(), level))
    return out


async def describe(conn: asyncpg.Connection, member_id: int) -> str:
    row = await conn.fetchrow("SELECT id, name, level FROM fx_rec_members WHERE id = $1", member_id)
    if not row:
        return "nobody"
    return f"{row['name']} (#{row[0]}, level {row.get('level')}, {len(row)} columns: {', '.join(row.keys())})"


async def values_of(conn: asyncpg.Connection, member_id: int) -> tuple[list, list, list]:
    row = await conn.fetchrow("SELECT name, level FROM fx_rec_members WHERE id = $1", member_id)
    return list(row), list(row.values()), [f"{k}={v}" for k, v in row.items()]


async def top(conn: asyncpg.Connection):
    rows = await conn.fetch(MEMBERS)
    return max(rows, key=lambda r: r["level"])


async def with_team(conn: asyncpg.Connection):
    # Both tables have id and name: asyncpg's row["id"] is the last column of that name.
    rows = await conn.fetch("SELECT m.*, t.* FROM fx_rec_members m JOIN fx_rec_teams t ON t.id = m.level ORDER BY m.id")
    return [(r["id"], r["name"], r[0], r[1], "email" in r, len(r)) for r in rows]


async def team_names(conn: asyncpg.Connection) -> list:
    rows = await conn.fetch("SELECT m.name, t.name FROM fx_rec_members m JOIN fx_rec_teams t ON t.id = m.level ORDER BY m.id")
    return [r["name"] for r in rows]


async def count_and_last(conn: asyncpg.Connection):
    rows = await conn.fetch(MEMBERS)
    if len(rows) == 0:
        return None
    return len(rows), rows[-1]["email"], rows[-1][3]


async def slice_tail(conn: asyncpg.Connection, member_id: int):
    row = await conn.fetchrow(MEMBERS.replace("ORDER BY id", "WHERE id = $1"), member_id)
    return row[1:] if row is not None else None
