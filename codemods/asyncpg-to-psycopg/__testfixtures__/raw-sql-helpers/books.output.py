"""Book repository: every query comes from a variable, a constant or a builder."""
import psycopg
from psycopg.rows import dict_row, scalar_row
from . import asyncpg_compat

from .sqlbuild import insert, placeholders, select

TABLE = "fx_sql_books"
COLUMNS = ["isbn", "title", "author", "year"]
COUNT_BY_AUTHOR = f"SELECT count(*) FROM {TABLE} WHERE author = $1"


async def add_many(conn: psycopg.AsyncConnection, books: list[tuple]) -> None:
    query = insert(TABLE, COLUMNS)
    await conn.cursor().executemany(query, books)


async def find(conn: psycopg.AsyncConnection, **where) -> list[tuple]:
    query, args = select(TABLE, ["isbn", "title"], where)
    rows = await (await conn.cursor(row_factory=dict_row).execute(query, tuple(args) or None)).fetchall()
    return [(r["isbn"], r["title"]) for r in rows]


async def by_isbns(conn: psycopg.AsyncConnection, isbns: list[str]) -> list[str]:
    query = f"SELECT title FROM {TABLE} WHERE isbn IN ({placeholders(1, len(isbns))}) ORDER BY title"
    return [r[0] for r in await (await conn.execute(query, tuple(isbns) or None)).fetchall()]


async def count_by(conn: psycopg.AsyncConnection, author: str) -> int:
    return await (await conn.cursor(row_factory=scalar_row).execute(COUNT_BY_AUTHOR, (author,))).fetchone()


async def newest(conn: psycopg.AsyncConnection, since: int):
    sql = "SELECT title, year FROM " + TABLE
    sql += " WHERE year >= $1 ORDER BY year DESC LIMIT 1"
    return await (await conn.cursor(row_factory=asyncpg_compat.record_row).execute(sql, (since,))).fetchone()


async def retitle(conn: psycopg.AsyncConnection, isbn: str, title: str) -> str:
    template = "UPDATE {table} SET title = $2 WHERE isbn = $1"
    return (await conn.execute(template.format(table=TABLE), (isbn, title))).statusmessage


async def total(conn: psycopg.AsyncConnection, *filters: str) -> int:
    # No filter: no parameters at all.
    query = f"SELECT count(*) FROM {TABLE}" + (" WHERE author = ANY($1::text[])" if filters else "")
    args = [list(filters)] if filters else []
    return await (await conn.cursor(row_factory=scalar_row).execute(query, tuple(args) or None)).fetchone()
