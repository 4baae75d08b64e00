from sqlalchemy.ext.asyncio import create_async_engine

FROM_PARTS = f"postgresql+asyncpg://{user}:{password}" f"@{host}/{name}?ssl=require"
FROM_PLUS = "postgresql+asyncpg://" + HOST + "/app?ssl=require&command_timeout=10"
IN_PARENS = (
    "postgresql+asyncpg://app@db/app"
    "?ssl=require"
    "&application_name=api"
)
PLACEHOLDER = f"postgresql+asyncpg://{user}@{host}/{name}?ssl={mode}"
MID_ITEM = "postgresql+asyncpg://app@db/app?ssl=" "require"
