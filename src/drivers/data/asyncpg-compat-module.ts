// The Python module the asyncpg-to-psycopg codemod adds once per package, where ported code needs it.
// Kept as data: the codemod writes it byte for byte, and test/python exercises it on a real server.
export const ASYNCPG_COMPAT_MODULE = String.raw`"""What psycopg 3 has no twin for, written once for code ported from asyncpg.

Added by migrate-driver's asyncpg-to-psycopg codemod. Each part keeps one asyncpg behaviour the
ported code relies on; everything else is plain psycopg.
"""

from __future__ import annotations

import asyncio
import contextlib
import inspect
import os
import re
import weakref
from datetime import datetime, timezone
from typing import Any, AsyncIterator, Callable, Iterator, Sequence

import psycopg
from psycopg import sql
from psycopg.adapt import AdaptersMap, Dumper, Loader
from psycopg.pq import TransactionStatus
from psycopg.types.datetime import DatetimeDumper, DatetimeNoTzDumper, TimestamptzBinaryLoader, TimestamptzLoader
from psycopg.types.string import TextLoader

__all__ = [
    "ASYNCPG_TYPES", "PreparedStatement", "Record", "Transaction", "add_listener",
    "connection_of", "copy_from_query", "copy_from_table", "copy_records_to_table", "copy_to_table",
    "record_row", "remove_listener", "reset_connection", "script_status", "set_type_codec",
]


class Record(Sequence):
    """A row read by key and by index, like asyncpg.Record: iteration yields values, "in" tests field names."""

    __slots__ = ("_keys", "_values", "_index")

    def __init__(self, keys: tuple[str, ...], values: Sequence[Any], index: dict[str, int] | None = None) -> None:
        self._keys = keys
        self._values = tuple(values)
        # A name given twice (SELECT a.*, b.*) reads the last column of that name, as asyncpg does.
        self._index = {k: i for i, k in enumerate(keys)} if index is None else index

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            try:
                return self._values[self._index[key]]
            except KeyError:
                raise KeyError(key) from None
        return self._values[key]

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[Any]:
        return iter(self._values)

    def __contains__(self, key: object) -> bool:
        return key in self._index

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Record):
            return self._values == other._values
        if isinstance(other, tuple):
            return self._values == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values)

    def get(self, key: str, default: Any = None) -> Any:
        try:
            return self[key]
        except KeyError:
            return default

    def keys(self) -> Iterator[str]:
        return iter(self._keys)

    def values(self) -> Iterator[Any]:
        return iter(self._values)

    def items(self) -> Iterator[tuple[str, Any]]:
        return iter(zip(self._keys, self._values))

    def __repr__(self) -> str:
        return "<Record " + " ".join(f"{k}={v!r}" for k, v in zip(self._keys, self._values)) + ">"


def record_row(cursor: Any) -> Callable[[Sequence[Any]], Record]:
    """psycopg row factory that makes Records."""
    desc = cursor.description
    keys = tuple(c.name for c in desc) if desc else ()
    index = {k: i for i, k in enumerate(keys)}
    return lambda values: Record(keys, values, index)


class _UtcTimestamptz(TimestamptzLoader):
    # asyncpg gives timestamptz values tzinfo=timezone.utc; psycopg the session's zone (ZoneInfo).
    def load(self, data: Any) -> Any:
        return super().load(data).astimezone(timezone.utc)


class _UtcTimestamptzBinary(TimestamptzBinaryLoader):
    def load(self, data: Any) -> Any:
        return super().load(data).astimezone(timezone.utc)


class _NaiveAsUtc(DatetimeNoTzDumper):
    # asyncpg reads a naive datetime as UTC where the parameter is timestamptz, and as it is where it is
    # timestamp; psycopg sends it as timestamp, which the server turns into timestamptz in the session's
    # zone. Untyped and ending in +00, the server does what asyncpg did: timestamp input ignores a zone.
    oid = 0

    def dump(self, obj: Any) -> bytes:
        return str(obj).encode() + b"+00"


class _Datetime(DatetimeDumper):
    def upgrade(self, obj: Any, format: Any) -> Any:
        return self if obj.tzinfo else _NaiveAsUtc(self.cls)


# asyncpg's types where psycopg's differ, for connect(context=ASYNCPG_TYPES): json and jsonb as str
# unless a codec says otherwise, timestamptz in UTC, naive datetime parameters as UTC.
ASYNCPG_TYPES = AdaptersMap(psycopg.adapters)
ASYNCPG_TYPES.register_loader("json", TextLoader)
ASYNCPG_TYPES.register_loader("jsonb", TextLoader)
ASYNCPG_TYPES.register_loader("timestamptz", _UtcTimestamptz)
ASYNCPG_TYPES.register_loader("timestamptz", _UtcTimestamptzBinary)
ASYNCPG_TYPES.register_dumper(datetime, _Datetime)


def set_type_codec(conn: Any, typename: str, *, encoder: Callable[[Any], Any], decoder: Callable[[Any], Any], schema: str = "public", format: str = "text") -> None:
    """asyncpg's text codec for json/jsonb: the decoder reads values, the encoder writes dict parameters."""
    if typename not in ("json", "jsonb") or format != "text":
        raise NotImplementedError(f"set_type_codec({typename!r}, format={format!r}): register a psycopg loader and dumper for it")

    class _Loader(Loader):
        def load(self, data: Any) -> Any:
            return decoder(bytes(data).decode())

    class _Dumper(Dumper):
        # Unknown type: the server reads it as the parameter's own type (json or jsonb), as asyncpg did.
        oid = 0

        def dump(self, obj: Any) -> bytes:
            return str(encoder(obj)).encode()

    conn.adapters.register_loader(typename, _Loader)
    conn.adapters.register_dumper(dict, _Dumper)


async def script_status(conn: Any, query: str) -> str:
    """asyncpg's execute() of several statements returns the last one's status; psycopg's cursor starts at the first."""
    cur = await conn.execute(query)
    while cur.nextset():
        pass
    return cur.statusmessage


@contextlib.asynccontextmanager
async def connection_of(target: Any) -> AsyncIterator[Any]:
    """The connection a query runs on, where asyncpg code ran it on a value that is a pool or a connection.

    A pool lends one of its connections for the block, as asyncpg's pool.fetch() and friends took one
    for the call (a fresh one, outside any transaction of the caller); a connection is used as it is,
    left open and in its transaction.
    """
    if isinstance(target, psycopg.AsyncConnection):
        yield target
    else:
        async with target.connection() as conn:
            yield conn


class Transaction:
    """asyncpg's manual transaction: start(), then commit() or rollback(); nested ones use savepoints."""

    _isolation = {"serializable": "SERIALIZABLE", "repeatable_read": "REPEATABLE READ", "read_committed": "READ COMMITTED", "read_uncommitted": "READ UNCOMMITTED"}

    def __init__(self, conn: Any, *, isolation: str | None = None, readonly: bool = False, deferrable: bool = False) -> None:
        self._conn = conn
        self._modes = ([f"ISOLATION LEVEL {self._isolation[isolation]}"] if isolation else []) + (["READ ONLY"] if readonly else []) + (["DEFERRABLE"] if deferrable else [])
        self._savepoint: str | None = None

    async def start(self) -> None:
        if self._conn.info.transaction_status == TransactionStatus.IDLE:
            await self._conn.execute("BEGIN" + (" " + ", ".join(self._modes) if self._modes else ""))
        else:
            if self._modes:
                raise psycopg.ProgrammingError("a nested transaction cannot set its own isolation, read-only or deferrable mode")
            self._savepoint = f"asyncpg_compat_{id(self):x}"
            await self._conn.execute(f"SAVEPOINT {self._savepoint}")

    async def commit(self) -> None:
        await self._conn.execute(f"RELEASE SAVEPOINT {self._savepoint}" if self._savepoint else "COMMIT")

    async def rollback(self) -> None:
        await self._conn.execute(f"ROLLBACK TO SAVEPOINT {self._savepoint}" if self._savepoint else "ROLLBACK")

    async def __aenter__(self) -> "Transaction":
        await self.start()
        return self

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        await (self.rollback() if exc_type else self.commit())


class PreparedStatement:
    """asyncpg's conn.prepare(query): the same methods, run without server-side preparation (pooler-safe).

    cursor_factory: the cursor class for this statement when it is not the connection's, e.g.
    psycopg.AsyncRawCursor for asyncpg's $1 SQL on a connection whose cursors take %s.
    """

    def __init__(self, conn: Any, query: str, *, cursor_factory: Any = None) -> None:
        self._conn = conn
        self._query = query
        self._cursor_factory = cursor_factory

    def _cursor(self, row_factory: Any = None) -> Any:
        if self._cursor_factory is None:
            return self._conn.cursor(row_factory=row_factory)
        return self._cursor_factory(self._conn, row_factory=row_factory)

    def get_query(self) -> str:
        return self._query

    async def fetch(self, *args: Any) -> list[Record]:
        return await (await self._cursor(record_row).execute(self._query, args)).fetchall()

    async def fetchrow(self, *args: Any) -> Record | None:
        return await (await self._cursor(record_row).execute(self._query, args)).fetchone()

    async def fetchval(self, *args: Any, column: int = 0) -> Any:
        row = await (await self._cursor().execute(self._query, args)).fetchone()
        return None if row is None else row[column]

    async def executemany(self, args: Any) -> None:
        await self._cursor().executemany(self._query, args)


_listeners: "weakref.WeakKeyDictionary[Any, _Listening]" = weakref.WeakKeyDictionary()


class _Listening:
    def __init__(self) -> None:
        self.callbacks: dict[str, list[Callable[..., Any]]] = {}
        self.task: asyncio.Task[None] | None = None


async def add_listener(conn: Any, channel: str, callback: Callable[..., Any]) -> None:
    """asyncpg delivers notifications while the connection is idle; psycopg only while it runs a command, so a task reads them."""
    state = _listeners.setdefault(conn, _Listening())
    if channel not in state.callbacks:
        await conn.execute(sql.SQL("LISTEN {}").format(sql.Identifier(channel)))
        state.callbacks[channel] = []
    state.callbacks[channel].append(callback)
    if state.task is None or state.task.done():
        state.task = asyncio.get_running_loop().create_task(_deliver(conn, state))


async def remove_listener(conn: Any, channel: str, callback: Callable[..., Any]) -> None:
    state = _listeners.get(conn)
    if not state or callback not in state.callbacks.get(channel, []):
        return
    state.callbacks[channel].remove(callback)
    if not state.callbacks[channel]:
        del state.callbacks[channel]
        if not conn.closed:
            await conn.execute(sql.SQL("UNLISTEN {}").format(sql.Identifier(channel)))


async def _deliver(conn: Any, state: _Listening) -> None:
    # Short waits release the connection between them, so queries on it still run.
    while state.callbacks and not conn.closed:
        try:
            async for n in conn.notifies(timeout=0.05):
                for cb in list(state.callbacks.get(n.channel, [])):
                    res = cb(conn, n.pid, n.channel, n.payload)
                    if inspect.isawaitable(res):
                        asyncio.ensure_future(res)
        except psycopg.OperationalError:
            return
        await asyncio.sleep(0.01)


async def reset_connection(conn: Any) -> None:
    """psycopg_pool's reset=: what asyncpg's pool runs on a connection it takes back, so session settings,
    LISTENs, advisory locks and open cursors never reach the next borrower (psycopg_pool keeps them)."""
    state = _listeners.pop(conn, None)
    if state is not None and state.task is not None:
        state.task.cancel()
    await conn.execute("SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL")


def _table(table_name: str, schema_name: str | None, columns: Sequence[str] | None) -> sql.Composable:
    name = sql.Identifier(schema_name, table_name) if schema_name else sql.Identifier(table_name)
    if columns:
        return sql.SQL("{} ({})").format(name, sql.SQL(", ").join(sql.Identifier(c) for c in columns))
    return name


def _options(format: str | None = None, **options: Any) -> sql.Composable:
    """asyncpg's COPY keyword arguments (header=True, delimiter=",", force_quote=[...]) as COPY options."""
    parts: list[sql.Composable] = [sql.SQL("FORMAT {}").format(sql.SQL(format.upper()))] if format else []
    for key, value in options.items():
        if value is None:
            continue
        name = sql.SQL(key.upper())
        if key.startswith("force_"):
            cols = sql.SQL("*") if value is True else sql.SQL("({})").format(sql.SQL(", ").join(sql.Identifier(c) for c in value))
            parts.append(name + sql.SQL(" ") + cols)
        elif isinstance(value, bool):
            parts.append(name + sql.SQL(" TRUE" if value else " FALSE"))
        else:
            parts.append(name + sql.SQL(" ") + sql.Literal(value))
    return sql.SQL(" ({})").format(sql.SQL(", ").join(parts)) if parts else sql.SQL("")


async def copy_records_to_table(conn: Any, table_name: str, *, records: Any, columns: Sequence[str] | None = None, schema_name: str | None = None) -> str:
    cur = conn.cursor()
    n = 0
    async with cur.copy(sql.SQL("COPY {} FROM STDIN").format(_table(table_name, schema_name, columns))) as cp:
        async for row in _rows(records):
            await cp.write_row(row)
            n += 1
    return f"COPY {n}"


async def _rows(records: Any) -> Any:
    if hasattr(records, "__aiter__"):
        async for r in records:
            yield r
    else:
        for r in records:
            yield r


async def copy_to_table(conn: Any, table_name: str, *, source: Any, columns: Sequence[str] | None = None, schema_name: str | None = None, format: str | None = None, **options: Any) -> str:
    cur = conn.cursor()
    async with cur.copy(sql.SQL("COPY {} FROM STDIN").format(_table(table_name, schema_name, columns)) + _options(format, **options)) as cp:
        if isinstance(source, (str, os.PathLike)):
            with open(source, "rb") as f:
                while chunk := f.read(65536):
                    await cp.write(chunk)
        elif hasattr(source, "__aiter__"):
            async for chunk in source:
                await cp.write(chunk)
        else:
            while chunk := source.read(65536):
                await cp.write(chunk)
    return f"COPY {cur.rowcount}"


async def _copy_out(conn: Any, statement: sql.Composable, args: Sequence[Any], output: Any) -> str:
    # COPY takes no server-side parameters: a client-side cursor merges them into the text.
    cur = psycopg.AsyncClientCursor(conn) if args else conn.cursor()
    opened = open(output, "wb") if isinstance(output, (str, os.PathLike)) else None
    try:
        async with cur.copy(statement, args or None) as cp:
            async for data in cp:
                if opened:
                    opened.write(data)
                elif callable(output) and not hasattr(output, "write"):
                    res = output(bytes(data))
                    if inspect.isawaitable(res):
                        await res
                else:
                    output.write(bytes(data))
    finally:
        if opened:
            opened.close()
    return f"COPY {cur.rowcount}"


async def copy_from_query(conn: Any, query: str, *args: Any, output: Any, format: str | None = None, **options: Any) -> str:
    if args:
        # $n -> %(pn)s for the client-side cursor, a literal % doubled first. asyncpg inlines the
        # arguments with this same pattern, inside string literals too, so the two agree.
        query = re.sub(r"\$(\d+)\b", r"%(p\1)s", query.replace("%", "%%"))
        args = ({f"p{i}": a for i, a in enumerate(args, 1)},)
    return await _copy_out(conn, sql.SQL("COPY ({}) TO STDOUT").format(sql.SQL(query)) + _options(format, **options), args[0] if args else (), output)


async def copy_from_table(conn: Any, table_name: str, *, output: Any, columns: Sequence[str] | None = None, schema_name: str | None = None, format: str | None = None, **options: Any) -> str:
    return await _copy_out(conn, sql.SQL("COPY {} TO STDOUT").format(_table(table_name, schema_name, columns)) + _options(format, **options), (), output)
`;

export const ASYNCPG_COMPAT_NAME = 'asyncpg_compat';
