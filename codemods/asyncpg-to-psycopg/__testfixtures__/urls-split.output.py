from sqlalchemy.ext.asyncio import create_async_engine

FROM_PARTS = f"postgresql+psycopg://{user}:{password}" f"@{host}/{name}?sslmode=require"
# migrate-driver: TODO asyncpg command_timeout=10 (client-side, seconds) was removed: psycopg has no equivalent. If you need a limit, consider "options": "-c statement_timeout=10000" (server-side, per statement, milliseconds): the semantics differ
FROM_PLUS = "postgresql+psycopg://" + HOST + "/app?sslmode=require"
IN_PARENS = (
    "postgresql+psycopg://app@db/app"
    "?sslmode=require"
    "&application_name=api"
)
# migrate-driver: TODO URL parameter ssl={mode} has no direct libpq equivalent; use sslmode/sslrootcert/sslcert/sslkey
PLACEHOLDER = f"postgresql+psycopg://{user}@{host}/{name}?ssl={mode}"
# migrate-driver: TODO URL parameter ssl="" has no direct libpq equivalent; use sslmode/sslrootcert/sslcert/sslkey
# migrate-driver: TODO this URL's query continues a parameter across string parts, so it was not translated: check ssl= and asyncpg-only parameters by hand
MID_ITEM = "postgresql+psycopg://app@db/app?ssl=" "require"
