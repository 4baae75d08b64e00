import asyncpg
import psycopg
from sqlalchemy.exc import IntegrityError


async def create_user(session, user):
    try:
        session.add(user)
        await session.commit()
    except IntegrityError as exc:
        # migrate-driver: TODO under SQLAlchemy's asyncpg dialect exc.orig is SQLAlchemy's adapted error, never asyncpg.UniqueViolationError, so this check is always false and its branch never runs; with psycopg exc.orig is the driver's error and the check would become true. Left unchanged: to keep today's behaviour delete the check; to make the branch work as intended, write isinstance(exc.orig, psycopg.errors.UniqueViolation)
        if isinstance(exc.orig, asyncpg.UniqueViolationError):
            raise DuplicateEmail() from exc
        if isinstance(exc.orig, psycopg.errors.ForeignKeyViolation):
            raise MissingTeam() from exc
        raise
