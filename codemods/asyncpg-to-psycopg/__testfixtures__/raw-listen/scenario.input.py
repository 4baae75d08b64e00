import asyncio

import asyncpg

from .events import Invalidator, publish


async def scenario(dsn):
    out = []
    listener = Invalidator(dsn)
    await listener.start("fx_listen_users", "fx_listen_orders")
    sender = await asyncpg.connect(dsn)
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
