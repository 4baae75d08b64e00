from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine("postgresql+psycopg://app:pw@pooler:6543/app", connect_args={"prepare_threshold": 0})
sync = create_engine("postgresql+psycopg://app:pw@pooler:6543/app")
old = create_engine("postgresql+psycopg2://app:pw@pooler:6543/app")
lite = create_engine("sqlite:///x.db", connect_args={"check_same_thread": False})
