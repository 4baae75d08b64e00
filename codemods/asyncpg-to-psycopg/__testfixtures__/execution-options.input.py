async def run(engine):
    async with engine.connect() as conn:
        conn = await conn.execution_options(prepared_statement_cache_size=0, isolation_level="AUTOCOMMIT")
        other = await conn.execution_options(prepared_statement_cache_size=0)
        return conn, other  # asyncpg dialect option
