"""Sign-up service: database errors mapped to outcomes the API returns."""
import psycopg
from psycopg.rows import scalar_row
from psycopg.errors import CheckViolation, ForeignKeyViolation as MissingTeam


async def register(conn: psycopg.AsyncConnection, email: str, team_id: int | None, age: int) -> str:
    try:
        await conn.execute("INSERT INTO fx_exc_users (email, team_id, age) VALUES ($1, $2, $3)", (email, team_id, age))
    except psycopg.errors.UniqueViolation:
        return "duplicate"
    except MissingTeam as exc:
        return f"no team ({exc.sqlstate})"
    except CheckViolation as exc:
        return f"bad age ({exc.sqlstate})"
    except psycopg.errors.NotNullViolation:
        return "missing field"
    return "created"


async def register_loose(conn: psycopg.AsyncConnection, email: str, team_id: int) -> str:
    # The class 23 parent catches every integrity violation.
    try:
        await conn.execute("INSERT INTO fx_exc_users (email, team_id, age) VALUES ($1, $2, 30)", (email, team_id))
    except psycopg.errors.IntegrityError as exc:
        return f"integrity {exc.sqlstate}"
    return "created"


async def count_legacy(conn: psycopg.AsyncConnection) -> str:
    try:
        return str(await (await conn.cursor(row_factory=scalar_row).execute("SELECT count(*) FROM fx_exc_legacy_users")).fetchone())
    except psycopg.errors.UndefinedTable as exc:
        return f"no legacy table ({exc.sqlstate})"


async def parse_age(conn: psycopg.AsyncConnection, text: str) -> str:
    try:
        return str(await (await conn.cursor(row_factory=scalar_row).execute("SELECT $1::text::int", (text,))).fetchone())
    except psycopg.errors.InvalidTextRepresentation as exc:
        return f"not a number ({exc.sqlstate})"


async def ratio(conn: psycopg.AsyncConnection, a: int, b: int) -> str:
    try:
        return str(await (await conn.cursor(row_factory=scalar_row).execute("SELECT $1::int / $2::int", (a, b))).fetchone())
    except psycopg.errors.DataError as exc:
        return f"data error {exc.sqlstate}"


async def anything(conn: psycopg.AsyncConnection, sql: str) -> str:
    try:
        await conn.execute(sql)
    except psycopg.DatabaseError as exc:
        if exc.sqlstate is None:
            raise
        return f"postgres error {exc.sqlstate} {isinstance(exc, psycopg.errors.SyntaxError)}"
    return "ok"
