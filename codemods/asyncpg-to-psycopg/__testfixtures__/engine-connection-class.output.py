from uuid import uuid4

# migrate-driver: TODO from-import of Connection: asyncpg.Connection: the psycopg class is psycopg.AsyncConnection (for annotations and subclasses; its methods differ)
from asyncpg import Connection
from sqlalchemy.ext.asyncio import create_async_engine


# migrate-driver: TODO class UniqueNames only made asyncpg's prepared statement names unique; with psycopg and prepare_threshold=None nothing uses it: delete it once no other module imports it
class UniqueNames(Connection):
    """Statement names that never collide behind a pooler."""

    def _get_unique_id(self, prefix: str) -> str:
        return f"__asyncpg_{prefix}_{uuid4()}__"


engine = create_async_engine(
    "postgresql+psycopg://app@db/app",
    connect_args={"prepare_threshold": None},
)
