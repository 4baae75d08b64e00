import asyncpg

from .tickets import TicketStore, count_open


async def scenario(dsn):
    pool = await asyncpg.create_pool(dsn, min_size=1, max_size=2)
    out = []
    try:
        await pool.execute("DROP TABLE IF EXISTS fx_sc_tickets; CREATE TABLE fx_sc_tickets (id serial PRIMARY KEY, title text, priority int, closed bool NOT NULL DEFAULT false)")
        store = TicketStore(pool)
        first = await store.open_ticket("printer on fire", 3)
        second = await store.open_ticket("typo on page", 1)
        out.append(("fetchval shortcut", (first, second)))
        out.append(("fetchrow shortcut", await store.get(first)))
        out.append(("fetch shortcut", await store.urgent_titles()))
        await store.bulk_priority([(second, 2)])
        out.append(("executemany shortcut", await store.urgent_titles()))
        out.append(("execute shortcut status", await store.close(first)))
        await store.touch_all()
        out.append(("module function", await count_open(pool)))
    finally:
        await pool.execute("DROP TABLE IF EXISTS fx_sc_tickets")
        await pool.close()
    return out
