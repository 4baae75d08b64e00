from sqlalchemy.ext.asyncio import create_async_engine

CONNECT_ARGS = {
    # the pooler cannot keep prepared statements
    "statement_cache_size": 0,
    "prepared_statement_name_func": lambda: f"__asyncpg_{uuid4()}__",
}

engine = create_async_engine(DATABASE_URL, connect_args=CONNECT_ARGS)
replica = create_async_engine(REPLICA_URL, connect_args=CONNECT_ARGS)
reporting = create_async_engine(REPORTING_URL, connect_args=build_args())
batch = create_async_engine(BATCH_URL, **engine_kwargs)
