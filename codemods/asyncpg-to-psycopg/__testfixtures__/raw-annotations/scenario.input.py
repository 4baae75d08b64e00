from . import repo as tags_repo


async def scenario(dsn):
    pool = await tags_repo.make_pool(dsn)
    out = []
    try:
        async with pool.acquire() as conn:
            await conn.execute("DROP TABLE IF EXISTS fx_ann_tags; CREATE TABLE fx_ann_tags (id int PRIMARY KEY, label text); INSERT INTO fx_ann_tags VALUES (1, 'red'), (2, 'blue')")
            out.append(("string annotation", await tags_repo.label_of(conn, 2)))
            out.append(("name imported under TYPE_CHECKING", await tags_repo.count(conn)))
        repo = tags_repo.Repo(pool)
        rows = await repo.tags()
        out.append(("asyncpg.connection.Connection, list[Record]", rows))
        out.append(("isinstance(row, asyncpg.Record)", [tags_repo.is_row(r) for r in rows] + [tags_repo.is_row((1, "red"))]))
        out.append(("Optional[asyncpg.Record]", await repo.first()))
    finally:
        async with pool.acquire() as conn:
            await conn.execute("DROP TABLE IF EXISTS fx_ann_tags")
        await pool.close()
    return out
