# -*- coding: utf-8 -*-
"""Datenbank: Verbindung über asyncpg (ä ö ü)."""
from sqlalchemy.ext.asyncio import create_async_engine

engine = create_async_engine("postgresql+psycopg://app:pw@db/app", connect_args={"prepare_threshold": None})
