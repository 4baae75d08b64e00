import io

import psycopg
import asyncpg_compat


async def export(conn: psycopg.AsyncConnection, since):
    out = io.BytesIO()
    # asyncpg_compat.copy_from_query takes asyncpg's own arguments and $n SQL: it is not rewritten.
    await asyncpg_compat.copy_from_query(conn, "SELECT * FROM events WHERE at >= $1 AND kind LIKE 'x%'", since, output=out)
    return out.getvalue()
