import asyncio

import psycopg
from . import asyncpg_compat

from .events import Invalidator, publish


async def scenario(dsn):
    out = []
    listener = Invalidator(dsn)
    await listener.start("fx_listen_users", "fx_listen_orders")
    sender = await psycopg.AsyncConnection.connect(dsn, autocommit=True, prepare_threshold=None, cursor_factory=psycopg.AsyncRawCursor, context=asyncpg_compat.ASYNCPG_TYPES)
    try:
        await publish(sender, "fx_listen_users", "42")
        await publish(sender, "fx_listen_orders", "7")
        async with sender.transaction():
            # Delivered at commit, in order.
            await publish(sender, "fx_listen_users", "43")
            await publish(sender, "fx_listen_users", "44")
        got = [await asyncio.wait_for(listener.seen.get(), 5) for _ in range(4)]
        out.append(("notifications in order", got))
        await listener.stop_listening("fx_listen_orders")
        await publish(sender, "fx_listen_orders", "8")
        await publish(sender, "fx_listen_users", "45")
        out.append(("after remove_listener", await asyncio.wait_for(listener.seen.get(), 5)))
        await asyncio.sleep(0.3)
        out.append(("nothing else arrived", listener.seen.qsize()))
    finally:
        await sender.close()
        await listener.close()
    return out
