"""Book repository: every query comes from a variable, a constant or a builder."""
import asyncpg

from .sqlbuild import insert, placeholders, select

TABLE = "fx_sql_books"
COLUMNS = ["isbn", "title", "author", "year"]
COUNT_BY_AUTHOR = f"SELECT count(*) FROM {TABLE} WHERE author = $1"


async def add_many(conn: asyncpg.Connection, books: list[tuple]) -> None:
    query = insert(TABLE, COLUMNS)
    await conn.executemany(query, books)


async def find(conn: asyncpg.Connection, **where) -> list[tuple]:
    query, args = select(TABLE, ["isbn", "title"], where)
    rows = await conn.fetch(query, *args)
    return [(r["isbn"], r["title"]) for r in rows]


async def by_isbns(conn: asyncpg.Connection, isbns: list[str]) -> list[str]:
    query = f"SELECT title FROM {TABLE} WHERE isbn IN ({placeholders(1, len(isbns))}) ORDER BY title"
    return [r[0] for r in await conn.fetch(query, *isbns)]


async def count_by(conn: asyncpg.Connection, author: str) -> int:
    return await conn.fetchval(COUNT_BY_AUTHOR, author)


async def newest(conn: asyncpg.Connection, since: int):
    sql = "SELECT title, year FROM " + TABLE
    sql += " WHERE year >= $1 ORDER BY year DESC LIMIT 1"
    return await conn.fetchrow(sql, since)


async def retitle(conn: asyncpg.Connection, isbn: str, title: str) -> str:
    template = "UPDATE {table} SET title = $2 WHERE isbn = $1"
    return await conn.execute(template.format(table=TABLE), isbn, title)


async def total(conn: asyncpg.Connection, *filters: str) -> int:
    # No filter: no parameters at all.
    query = f"SELECT count(*) FROM {TABLE}" + (" WHERE author = ANY($1::text[])" if filters else "")
    args = [list(filters)] if filters else []
    return await conn.fetchval(query, *args)
