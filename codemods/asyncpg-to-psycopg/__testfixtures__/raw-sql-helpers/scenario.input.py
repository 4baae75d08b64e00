import asyncpg

from . import books


async def scenario(dsn):
    conn = await asyncpg.connect(dsn)
    out = []
    try:
        await conn.execute("DROP TABLE IF EXISTS fx_sql_books; CREATE TABLE fx_sql_books (isbn text PRIMARY KEY, title text, author text, year int)")
        await books.add_many(conn, [("111", "Dune", "Herbert", 1965), ("222", "Emma", "Austen", 1815), ("333", "Persuasion", "Austen", 1817)])
        out.append(("builder: no condition", await books.find(conn)))
        out.append(("builder: two conditions ($1, $2)", await books.find(conn, author="Austen", year=1817)))
        out.append(("placeholders helper with *args", await books.by_isbns(conn, ["333", "111"])))
        out.append(("module constant", await books.count_by(conn, "Austen")))
        out.append(("query built over two lines", await books.newest(conn, 1800)))
        out.append(("str.format template: status", await books.retitle(conn, "222", "Emma (1815)")))
        out.append(("empty *args: no parameters", await books.total(conn)))
        out.append(("*args with one array", await books.total(conn, "Austen", "Nobody")))
    finally:
        await conn.execute("DROP TABLE IF EXISTS fx_sql_books")
        await conn.close()
    return out
