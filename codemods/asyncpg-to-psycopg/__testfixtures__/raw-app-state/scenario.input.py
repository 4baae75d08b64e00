from . import app as application
from . import handlers


async def scenario(dsn):
    app = application.App()
    await application.startup(app, dsn)
    out = []
    try:
        async with app.state.pool.acquire() as conn:
            await conn.execute(
                "DROP TABLE IF EXISTS fx_state_tags, fx_state_notes;"
                "CREATE TABLE fx_state_notes (id serial PRIMARY KEY, author text NOT NULL, body text NOT NULL);"
                "CREATE TABLE fx_state_tags (note_id int REFERENCES fx_state_notes (id), tag text)"
            )
        out.append(("create", await handlers.create_note(handlers.Request(app, author="ann", body="first"))))
        out.append(("create 2", await handlers.create_note(handlers.Request(app, author="ann", body="second"))))
        out.append(("create 3", await handlers.create_note(handlers.Request(app, author="bob", body="third"))))
        out.append(("list", await handlers.list_notes(handlers.Request(app, author="ann"))))
        out.append(("count through a local name", await handlers.count_notes(handlers.Request(app))))
        out.append(("delete in a transaction: status", await handlers.delete_author(handlers.Request(app, author="ann"))))
        out.append(("count after delete", await handlers.count_notes(handlers.Request(app))))
    finally:
        async with app.state.pool.acquire() as conn:
            await conn.execute("DROP TABLE IF EXISTS fx_state_tags, fx_state_notes")
        await application.shutdown(app)
    out.append(("pool gone after shutdown", app.state.pool))
    return out
