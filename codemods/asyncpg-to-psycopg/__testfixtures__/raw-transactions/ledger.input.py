"""Account transfers: nested transactions, isolation levels, read-only reports and a manual transaction."""
import asyncpg


class InsufficientFunds(Exception):
    pass


async def transfer(conn: asyncpg.Connection, src: int, dst: int, amount: int) -> None:
    async with conn.transaction():
        await conn.execute("UPDATE fx_tx_accounts SET balance = balance - $2 WHERE id = $1", src, amount)
        if await conn.fetchval("SELECT balance FROM fx_tx_accounts WHERE id = $1", src) < 0:
            raise InsufficientFunds(src)
        await conn.execute("UPDATE fx_tx_accounts SET balance = balance + $2 WHERE id = $1", dst, amount)


async def transfer_all_or_some(conn: asyncpg.Connection, moves: list[tuple[int, int, int]]) -> list[str]:
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


async def audited_total(conn: asyncpg.Connection) -> tuple:
    async with conn.transaction(isolation="serializable", readonly=True, deferrable=True):
        level = await conn.fetchval("SELECT current_setting('transaction_isolation')")
        ro = await conn.fetchval("SELECT current_setting('transaction_read_only')")
        total = await conn.fetchval("SELECT sum(balance) FROM fx_tx_accounts")
    return level, ro, total


async def repeatable_snapshot(conn: asyncpg.Connection) -> str:
    async with conn.transaction(isolation="repeatable_read"):
        return await conn.fetchval("SELECT current_setting('transaction_isolation')")


async def write_in_readonly(conn: asyncpg.Connection) -> str:
    try:
        async with conn.transaction(readonly=True):
            await conn.execute("UPDATE fx_tx_accounts SET balance = 0")
    except asyncpg.ReadOnlySQLTransactionError as exc:
        return exc.sqlstate
    return "written"


async def fee_run(conn: asyncpg.Connection, fee: int, commit: bool) -> int:
    tr = conn.transaction()
    await tr.start()
    try:
        await conn.execute("UPDATE fx_tx_accounts SET balance = balance - $1", fee)
        charged = await conn.fetchval("SELECT count(*) FROM fx_tx_accounts")
    except Exception:
        await tr.rollback()
        raise
    if commit:
        await tr.commit()
    else:
        await tr.rollback()
    return charged


async def nested_manual(conn: asyncpg.Connection) -> None:
    outer = conn.transaction()
    await outer.start()
    inner = conn.transaction()
    await inner.start()
    await conn.execute("UPDATE fx_tx_accounts SET balance = balance + 1000 WHERE id = 1")
    await inner.rollback()
    await conn.execute("UPDATE fx_tx_accounts SET balance = balance + 1 WHERE id = 1")
    await outer.commit()


async def balances(conn: asyncpg.Connection) -> list:
    return [tuple(r) for r in await conn.fetch("SELECT id, balance FROM fx_tx_accounts ORDER BY id")]
