from sqlalchemy.ext.asyncio import create_async_engine

from .config import settings

# migrate-driver: TODO server_settings jit now go through options="-c ...", which is a startup parameter: PgBouncer refuses it unless ignore_startup_parameters lists options (and then drops it). Behind a pooler, set them per role or database (ALTER ROLE ... SET) instead
engine = create_async_engine(
    settings.DATABASE_URL,
    connect_args={
        "prepare_threshold": None,
        "application_name": settings.APP_NAME,
        "options": "-c jit=off",
    },
)
