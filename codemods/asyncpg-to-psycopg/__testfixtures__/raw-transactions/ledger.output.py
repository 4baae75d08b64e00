"""Account transfers: nested transactions, isolation levels, read-only reports and a manual transaction."""
import psycopg
from psycopg.rows import scalar_row
from . import asyncpg_compat


class InsufficientFunds(Exception):
    pass


async def transfer(conn: psycopg.AsyncConnection, src: int, dst: int, amount: int) -> None:
    async with conn.transaction():
        await conn.execute("UPDATE fx_tx_accounts SET balance = balance - $2 WHERE id = $1", (src, amount))
        if await (await conn.cursor(row_factory=scalar_row).execute("SELECT balance FROM fx_tx_accounts WHERE id = $1", (src,))).fetchone() < 0:
            raise InsufficientFunds(src)
        await conn.execute("UPDATE fx_tx_accounts SET balance = balance + $2 WHERE id = $1", (dst, amount))


async def transfer_all_or_some(conn: psycopg.AsyncConnection, moves: list[tuple[int, int, int]]) -> list[str]:
    # One outer transaction; each move in a savepoint, so a failed move is undone alone.
    results = []
    async with conn.transaction():
        for src, dst, amount in moves:
            try:
                async with conn.transaction():
                    await transfer(conn, src, dst, amount)
                results.append("ok")
            except InsufficientFunds:
                results.append("refused")
    return results


async def audited_total(conn: psycopg.AsyncConnection) -> tuple:
    async with conn.transaction():
        await conn.execute("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE, READ ONLY, DEFERRABLE")
        level = await (await conn.cursor(row_factory=scalar_row).execute("SELECT current_setting('transaction_isolation')")).fetchone()
        ro = await (await conn.cursor(row_factory=scalar_row).execute("SELECT current_setting('transaction_read_only')")).fetchone()
        total = await (await conn.cursor(row_factory=scalar_row).execute("SELECT sum(balance) FROM fx_tx_accounts")).fetchone()
    return level, ro, total


async def repeatable_snapshot(conn: psycopg.AsyncConnection) -> str:
    async with conn.transaction():
        await conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        return await (await conn.cursor(row_factory=scalar_row).execute("SELECT current_setting('transaction_isolation')")).fetchone()


async def write_in_readonly(conn: psycopg.AsyncConnection) -> str:
    try:
        async with conn.transaction():
            await conn.execute("SET TRANSACTION READ ONLY")
            await conn.execute("UPDATE fx_tx_accounts SET balance = 0")
    except psycopg.errors.ReadOnlySqlTransaction as exc:
        return exc.sqlstate
    return "written"


async def fee_run(conn: psycopg.AsyncConnection, fee: int, commit: bool) -> int:
    tr = asyncpg_compat.Transaction(conn)
    await tr.start()
    try:
        await conn.execute("UPDATE fx_tx_accounts SET balance = balance - $1", (fee,))
        charged = await (await conn.cursor(row_factory=scalar_row).execute("SELECT count(*) FROM fx_tx_accounts")).fetchone()
    except Exception:
        await tr.rollback()
        raise
    if commit:
        await tr.commit()
    else:
        await tr.rollback()
    return charged


async def nested_manual(conn: psycopg.AsyncConnection) -> None:
    outer = asyncpg_compat.Transaction(conn)
    await outer.start()
    inner = asyncpg_compat.Transaction(conn)
    await inner.start()
    await conn.execute("UPDATE fx_tx_accounts SET balance = balance + 1000 WHERE id = 1")
    await inner.rollback()
    await conn.execute("UPDATE fx_tx_accounts SET balance = balance + 1 WHERE id = 1")
    await outer.commit()


async def balances(conn: psycopg.AsyncConnection) -> list:
    return [tuple(r) for r in await (await conn.execute("SELECT id, balance FROM fx_tx_accounts ORDER BY id")).fetchall()]
