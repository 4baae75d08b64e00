from sqlalchemy.ext.asyncio import create_async_engine

from .connector import open_asyncpg_connection

# migrate-driver: TODO this engine's connections come from async_creator=open_asyncpg_connection, so its URL must keep naming the driver that creator returns: port the creator to psycopg first, then change the URL to postgresql+psycopg
engine = create_async_engine("postgresql+asyncpg://", async_creator=open_asyncpg_connection)
