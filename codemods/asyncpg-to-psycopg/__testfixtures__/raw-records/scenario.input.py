import asyncpg

from . import members


async def scenario(dsn):
    conn = await asyncpg.connect(dsn)
    out = []
    try:
        await conn.execute(
            """
            DROP TABLE IF EXISTS fx_rec_members, fx_rec_teams;
            CREATE TABLE fx_rec_teams (id int PRIMARY KEY, name text);
            CREATE TABLE fx_rec_members (id int PRIMARY KEY, name text, email text, level int);
            INSERT INTO fx_rec_teams VALUES (1, 'juniors'), (2, 'seniors');
            INSERT INTO fx_rec_members VALUES (10, 'ann', 'ann@example.org', 2), (11, 'bob', NULL, 1), (12, 'cy', 'cy@example.org', 2);
            """
        )
        out.append(("by key", await members.names(conn)))
        out.append(("by index", await members.emails(conn)))
        out.append(("dict(row)", await members.first_as_json(conn)))
        out.append(("unpacked in a for", await members.levels(conn)))
        out.append(("key, index, get, len, keys", await members.describe(conn, 11)))
        out.append(("no row", await members.describe(conn, 99)))
        out.append(("list(row), values(), items()", await members.values_of(conn, 12)))
        out.append(("row chosen by max(key=...)", await members.top(conn)))
        out.append(("duplicate column names", await members.with_team(conn)))
        out.append(("duplicate column names, by key only", await members.team_names(conn)))
        out.append(("len and [-1]", await members.count_and_last(conn)))
        out.append(("slice", await members.slice_tail(conn, 10)))
    finally:
        await conn.execute("DROP TABLE IF EXISTS fx_rec_members, fx_rec_teams")
        await conn.close()
    return out
