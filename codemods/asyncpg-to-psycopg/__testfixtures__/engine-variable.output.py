from sqlalchemy.ext.asyncio import create_async_engine

CONNECT_ARGS = {
    # the pooler cannot keep prepared statements
    "prepare_threshold": None,
}

engine = create_async_engine(DATABASE_URL, connect_args=CONNECT_ARGS)
replica = create_async_engine(REPLICA_URL, connect_args=CONNECT_ARGS)
# migrate-driver: TODO connect_args=build_args() could not be resolved to a literal dict; check it for asyncpg-only options
reporting = create_async_engine(REPORTING_URL, connect_args=build_args())
# migrate-driver: TODO create_async_engine(**engine_kwargs) passes options that cannot be checked here; translate any asyncpg connect_args by hand
batch = create_async_engine(BATCH_URL, **engine_kwargs)
