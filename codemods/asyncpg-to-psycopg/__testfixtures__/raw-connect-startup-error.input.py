import asyncpg


async def ensure_database(dsn, admin_dsn, name):
    # asyncpg raises InvalidCatalogNameError from connect(); psycopg raises OperationalError without a SQLSTATE.
    try:
        conn = await asyncpg.connect(dsn)
    except asyncpg.InvalidCatalogNameError:
        admin = await asyncpg.connect(admin_dsn)
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
        conn = await asyncpg.connect(dsn)
    return conn


async def drop_database(conn, name):
    # Raised by a statement, not by a connect: the SQLSTATE class is the right catch.
    try:
        await conn.execute(f'DROP DATABASE "{name}"')
    except asyncpg.InvalidCatalogNameError:
        pass
