from sqlalchemy.ext.asyncio import create_async_engine

from .connector import open_asyncpg_connection

engine = create_async_engine("postgresql+asyncpg://", async_creator=open_asyncpg_connection)
