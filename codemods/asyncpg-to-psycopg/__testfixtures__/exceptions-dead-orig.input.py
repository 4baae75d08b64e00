import asyncpg
from sqlalchemy.exc import IntegrityError


async def create_user(session, user):
    try:
        session.add(user)
        await session.commit()
    except IntegrityError as exc:
        if isinstance(exc.orig, asyncpg.UniqueViolationError):
            raise DuplicateEmail() from exc
        if isinstance(exc.orig.__cause__, asyncpg.ForeignKeyViolationError):
            raise MissingTeam() from exc
        raise
