from sqlalchemy import create_engine
from sqlalchemy.ext.asyncio import create_async_engine

primary = create_async_engine(URL, connect_args={"statement_cache_size": 0, "command_timeout": 10})
fallback = create_async_engine(URL, connect_args={"command_timeout": 10, "timeout": 5, "statement_cache_size": 0})
cache_on = create_async_engine(URL, connect_args={"statement_cache_size": 100})
sqlite = create_engine("sqlite:///local.db", connect_args={"check_same_thread": False})
