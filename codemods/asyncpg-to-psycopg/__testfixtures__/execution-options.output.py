async def run(engine):
    async with engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        other = await conn.execution_options()
        return conn, other  # asyncpg dialect option
