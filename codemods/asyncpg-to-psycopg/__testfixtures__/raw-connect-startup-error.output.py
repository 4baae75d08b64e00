import asyncpg


async def ensure_database(dsn, admin_dsn, name):
    # asyncpg raises InvalidCatalogNameError from connect(); psycopg raises OperationalError without a SQLSTATE.
    # migrate-driver: TODO asyncpg.InvalidCatalogNameError is caught around a connect here: psycopg raises psycopg.OperationalError (sqlstate None) for every failed connection attempt, so psycopg.errors.InvalidCatalogName would never catch it; catch psycopg.OperationalError and tell the cases apart by its message, or check beforehand (e.g. SELECT 1 FROM pg_database WHERE datname = ...)
    try:
        # migrate-driver: TODO asyncpg.connect() left as is: the except clause around it catches InvalidCatalogNameError, which psycopg never raises from connect (every failed connection is psycopg.OperationalError with no SQLSTATE): catch psycopg.OperationalError and tell the cases apart by its message, then port the call. In psycopg: await psycopg.AsyncConnection.connect(conninfo, autocommit=True, prepare_threshold=None, cursor_factory=psycopg.AsyncRawCursor)
        conn = await asyncpg.connect(dsn)
    except asyncpg.InvalidCatalogNameError:
        # migrate-driver: TODO asyncpg.connect(): port to await psycopg.AsyncConnection.connect(conninfo, autocommit=True, prepare_threshold=None); $1 placeholders work with cursor_factory=psycopg.AsyncRawCursor, fetch*/execute become cursor calls
        admin = await asyncpg.connect(admin_dsn)
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
        # migrate-driver: TODO asyncpg.connect(): port to await psycopg.AsyncConnection.connect(conninfo, autocommit=True, prepare_threshold=None); $1 placeholders work with cursor_factory=psycopg.AsyncRawCursor, fetch*/execute become cursor calls
        conn = await asyncpg.connect(dsn)
    return conn


async def drop_database(conn, name):
    # Raised by a statement, not by a connect: the SQLSTATE class is the right catch.
    try:
        await conn.execute(f'DROP DATABASE "{name}"')
    except asyncpg.InvalidCatalogNameError:
        pass
