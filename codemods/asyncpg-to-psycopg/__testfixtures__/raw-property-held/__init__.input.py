"""Handlers whose receivers cannot all be proven asyncpg pools."""
