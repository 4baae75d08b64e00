import psycopg
from psycopg.rows import scalar_row
from . import asyncpg_compat

from . import ledger


async def scenario(dsn):
    conn = await psycopg.AsyncConnection.connect(dsn, autocommit=True, prepare_threshold=None, cursor_factory=psycopg.AsyncRawCursor, context=asyncpg_compat.ASYNCPG_TYPES)
    out = []
    try:
        await conn.execute(
            "DROP TABLE IF EXISTS fx_tx_accounts;"
            "CREATE TABLE fx_tx_accounts (id int PRIMARY KEY, balance int NOT NULL);"
            "INSERT INTO fx_tx_accounts VALUES (1, 100), (2, 50), (3, 0)"
        )
        await ledger.transfer(conn, 1, 2, 30)
        out.append(("transfer committed", await ledger.balances(conn)))
        try:
            await ledger.transfer(conn, 3, 1, 10)
        except ledger.InsufficientFunds:
            out.append(("refused transfer rolled back", await ledger.balances(conn)))
        out.append(("savepoints", await ledger.transfer_all_or_some(conn, [(1, 3, 20), (3, 2, 500), (2, 3, 5)])))
        out.append(("after savepoints", await ledger.balances(conn)))
        out.append(("serializable, read only, deferrable", await ledger.audited_total(conn)))
        out.append(("repeatable read", await ledger.repeatable_snapshot(conn)))
        out.append(("outside a transaction", await (await conn.cursor(row_factory=scalar_row).execute("SELECT current_setting('transaction_isolation')")).fetchone()))
        out.append(("write in a read-only transaction", await ledger.write_in_readonly(conn)))
        out.append(("manual commit", await ledger.fee_run(conn, 1, True)))
        out.append(("manual rollback", await ledger.fee_run(conn, 1000, False)))
        out.append(("after manual transactions", await ledger.balances(conn)))
        await ledger.nested_manual(conn)
        out.append(("manual savepoint rolled back", await ledger.balances(conn)))
    finally:
        await conn.execute("DROP TABLE IF EXISTS fx_tx_accounts")
        await conn.close()
    return out
