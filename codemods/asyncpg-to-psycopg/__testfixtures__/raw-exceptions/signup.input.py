"""Sign-up service: database errors mapped to outcomes the API returns."""
import asyncpg
import asyncpg.exceptions
from asyncpg.exceptions import CheckViolationError, ForeignKeyViolationError as MissingTeam


async def register(conn: asyncpg.Connection, email: str, team_id: int | None, age: int) -> str:
    try:
        await conn.execute("INSERT INTO fx_exc_users (email, team_id, age) VALUES ($1, $2, $3)", email, team_id, age)
    except asyncpg.UniqueViolationError:
        return "duplicate"
    except MissingTeam as exc:
        return f"no team ({exc.sqlstate})"
    except CheckViolationError as exc:
        return f"bad age ({exc.sqlstate})"
    except asyncpg.exceptions.NotNullViolationError:
        return "missing field"
    return "created"


async def register_loose(conn: asyncpg.Connection, email: str, team_id: int) -> str:
    # The class 23 parent catches every integrity violation.
    try:
        await conn.execute("INSERT INTO fx_exc_users (email, team_id, age) VALUES ($1, $2, 30)", email, team_id)
    except asyncpg.IntegrityConstraintViolationError as exc:
        return f"integrity {exc.sqlstate}"
    return "created"


async def count_legacy(conn: asyncpg.Connection) -> str:
    try:
        return str(await conn.fetchval("SELECT count(*) FROM fx_exc_legacy_users"))
    except asyncpg.exceptions.UndefinedTableError as exc:
        return f"no legacy table ({exc.sqlstate})"


async def parse_age(conn: asyncpg.Connection, text: str) -> str:
    try:
        return str(await conn.fetchval("SELECT $1::text::int", text))
    except asyncpg.InvalidTextRepresentationError as exc:
        return f"not a number ({exc.sqlstate})"


async def ratio(conn: asyncpg.Connection, a: int, b: int) -> str:
    try:
        return str(await conn.fetchval("SELECT $1::int / $2::int", a, b))
    except asyncpg.DataError as exc:
        return f"data error {exc.sqlstate}"


async def anything(conn: asyncpg.Connection, sql: str) -> str:
    try:
        await conn.execute(sql)
    except asyncpg.PostgresError as exc:
        return f"postgres error {exc.sqlstate} {isinstance(exc, asyncpg.PostgresSyntaxError)}"
    return "ok"
