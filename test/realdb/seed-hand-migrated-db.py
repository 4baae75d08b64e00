"""app/db.py as the seed team migrated it by hand (seeds/asyncpg-to-psycopg-migration-report.md, "After").

Their key setting, prepare_threshold=0, was meant to disable prepared statements. It prepares every
query on its first execution instead.
"""
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine

from app.config import settings

engine = create_async_engine(
    settings.DATABASE_URL,  # postgresql+psycopg://...
    pool_size=10,
    max_overflow=20,
    pool_pre_ping=True,
    pool_recycle=300,
    connect_args={
        "prepare_threshold": 0,
    },
    execution_options={
        "compiled_cache": None,
    },
)

SessionLocal = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)


async def get_session():
    async with SessionLocal() as session:
        yield session
