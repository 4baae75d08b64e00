import asyncpg

from . import signup


async def scenario(dsn):
    conn = await asyncpg.connect(dsn)
    out = []
    try:
        await conn.execute(
            "DROP TABLE IF EXISTS fx_exc_users, fx_exc_teams;"
            "CREATE TABLE fx_exc_teams (id int PRIMARY KEY);"
            "INSERT INTO fx_exc_teams VALUES (1);"
            "CREATE TABLE fx_exc_users (email text PRIMARY KEY, team_id int REFERENCES fx_exc_teams (id), age int NOT NULL CHECK (age >= 18))"
        )
        out.append(("created", await signup.register(conn, "ann@example.org", 1, 30)))
        out.append(("unique", await signup.register(conn, "ann@example.org", 1, 30)))
        out.append(("foreign key (imported under another name)", await signup.register(conn, "bob@example.org", 99, 30)))
        out.append(("check", await signup.register(conn, "cy@example.org", 1, 12)))
        out.append(("not null (asyncpg.exceptions path)", await signup.register(conn, "dee@example.org", 1, None)))
        out.append(("class 23 parent", await signup.register_loose(conn, "ann@example.org", 1)))
        out.append(("undefined table", await signup.count_legacy(conn)))
        out.append(("invalid text representation", await signup.parse_age(conn, "forty")))
        out.append(("division by zero as DataError", await signup.ratio(conn, 1, 0)))
        out.append(("syntax error via PostgresError", await signup.anything(conn, "SELEC 1")))
        try:
            await conn.execute("INSERT INTO fx_exc_users (email, age) VALUES ('ann@example.org', 40)")
        except asyncpg.UniqueViolationError as exc:
            out.append(("caught in the scenario", (exc.sqlstate, type(exc).__mro__[1].__name__ != "object")))
    finally:
        await conn.execute("DROP TABLE IF EXISTS fx_exc_users, fx_exc_teams")
        await conn.close()
    return out
