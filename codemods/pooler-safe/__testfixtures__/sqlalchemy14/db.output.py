from sqlalchemy.ext.asyncio import create_async_engine

# migrate-driver: TODO SQLAlchemy 1.4.46 < 2.0.10 has no prepared_statement_name_func: upgrade SQLAlchemy, or asyncpg to >= 0.31.0, to stop name collisions
engine = create_async_engine("postgresql+asyncpg://app:pw@db/app", connect_args={"statement_cache_size": 0, "prepared_statement_cache_size": 0})
