import io

import asyncpg


async def export(conn: asyncpg.Connection, since):
    out = io.BytesIO()
    # asyncpg_compat.copy_from_query takes asyncpg's own arguments and $n SQL: it is not rewritten.
    await conn.copy_from_query("SELECT * FROM events WHERE at >= $1 AND kind LIKE 'x%'", since, output=out)
    return out.getvalue()
