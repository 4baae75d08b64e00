import sqlalchemy as sa
from sqlalchemy.ext import asyncio as sa_asyncio

# migrate-driver: TODO server_settings search_path, jit now go through options="-c ...", which is a startup parameter: PgBouncer refuses it unless ignore_startup_parameters lists options (and then drops it). Behind a pooler, set them per role or database (ALTER ROLE ... SET) instead
engine = sa_asyncio.create_async_engine(
    "postgresql+psycopg://app:pw@db/app",
    connect_args=dict(
        prepare_threshold=None,
        application_name="worker",
        options="-c search_path=app,\\ public -c jit=off",
        sslmode="require",
    ),
)
