from uuid import uuid4

from asyncpg import Connection
from sqlalchemy.ext.asyncio import create_async_engine


class UniqueNames(Connection):
    """Statement names that never collide behind a pooler."""

    def _get_unique_id(self, prefix: str) -> str:
        return f"__asyncpg_{prefix}_{uuid4()}__"


engine = create_async_engine(
    "postgresql+asyncpg://app@db/app",
    connect_args={"statement_cache_size": 0, "connection_class": UniqueNames},
)
