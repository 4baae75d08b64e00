"""Engine for the API."""
import os

from sqlalchemy.ext.asyncio import create_async_engine
from uuid import uuid4

engine = create_async_engine(
    os.environ["DATABASE_URL"],
    pool_size=10,
    connect_args={
        "statement_cache_size": 0,  # the seed's setting
        "server_settings": {"application_name": "api"},
        "prepared_statement_cache_size": 0,
        "prepared_statement_name_func": lambda: f"__asyncpg_{uuid4()}__",
    },
)
worker = create_async_engine("postgresql+asyncpg://w:pw@db/app", connect_args={"statement_cache_size": 0, "prepared_statement_cache_size": 0, "prepared_statement_name_func": lambda: f"__asyncpg_{uuid4()}__"})
