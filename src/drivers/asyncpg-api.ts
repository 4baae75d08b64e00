/** asyncpg's query methods, on a connection and (as shortcuts) on a pool. */
export const ASYNCPG_QUERY_METHODS: ReadonlySet<string> = new Set(['fetch', 'fetchrow', 'fetchval', 'execute', 'executemany']);

/** Methods no other Python PostgreSQL driver's objects have: the name alone says asyncpg. */
export const ASYNCPG_ONLY_METHODS: ReadonlySet<string> = new Set(['fetchrow', 'fetchval', 'copy_records_to_table', 'copy_to_table', 'copy_from_query', 'copy_from_table', 'set_type_codec', 'add_listener', 'remove_listener']);

/**
 * asyncpg calls and what to write in psycopg 3 instead (API-MAPPING.md, asyncpg -> psycopg 3).
 * Used for follow-ups where the call is not rewritten: each says what to write, not only "port it".
 */
export const ASYNCPG_API_ADVICE: Readonly<Record<string, string>> = {
  connect: 'asyncpg.connect(): port to await psycopg.AsyncConnection.connect(conninfo, autocommit=True, prepare_threshold=None); $1 placeholders work with cursor_factory=psycopg.AsyncRawCursor, fetch*/execute become cursor calls',
  create_pool: 'asyncpg.create_pool(): port to psycopg_pool.AsyncConnectionPool(conninfo, min_size=..., max_size=..., open=False, kwargs={"prepare_threshold": None}, reset=...) then await pool.open(), from the psycopg-pool package; reset= must do what asyncpg does on release (RESET ALL, UNLISTEN *, pg_advisory_unlock_all()), which psycopg_pool does not do by itself',
  set_type_codec: 'set_type_codec() is asyncpg-only: psycopg already loads json/jsonb to Python objects, but it does not dump a dict passed as a parameter: wrap it in psycopg.types.json.Jsonb(...) or register one on connect with conn.adapters.register_dumper(dict, psycopg.types.json.JsonbDumper); other types take a loader/dumper (conn.adapters.register_loader)',
  set_builtin_type_codec: 'set_builtin_type_codec() is asyncpg-only: in psycopg register a loader/dumper (conn.adapters.register_loader / register_dumper)',
  reset_type_codec: 'reset_type_codec() is asyncpg-only: psycopg adapters are registered per connection or context',
  add_listener: 'add_listener() is asyncpg-only: in psycopg await conn.execute("LISTEN channel") on an autocommit connection, then conn.add_notify_handler(callback)',
  remove_listener: 'remove_listener() is asyncpg-only: in psycopg conn.remove_notify_handler(callback) and UNLISTEN',
  add_log_listener: 'add_log_listener() is asyncpg-only: in psycopg conn.add_notice_handler(callback)',
  copy_records_to_table: 'copy_records_to_table() is asyncpg-only: in psycopg async with cur.copy("COPY table (cols) FROM STDIN") as cp: await cp.write_row(row)',
  copy_to_table: 'copy_to_table() is asyncpg-only: in psycopg async with cur.copy("COPY table FROM STDIN") as cp: await cp.write(data)',
  copy_from_query: 'copy_from_query() is asyncpg-only: in psycopg async with cur.copy("COPY (query) TO STDOUT") as cp: async for data in cp: ...',
  copy_from_table: 'copy_from_table() is asyncpg-only: in psycopg async with cur.copy("COPY table TO STDOUT") as cp: async for data in cp: ...',
  fetch: 'fetch() is asyncpg API: in psycopg (await conn.execute(query, params)).fetchall()',
  fetchrow: 'fetchrow() is asyncpg API: in psycopg (await conn.execute(query, params)).fetchone()',
  fetchval: 'fetchval() is asyncpg API: in psycopg a cursor with row_factory=scalar_row, then fetchone()',
  Connection: 'asyncpg.Connection: the psycopg class is psycopg.AsyncConnection (for annotations and subclasses; its methods differ)',
  Pool: 'asyncpg.Pool: the psycopg class is psycopg_pool.AsyncConnectionPool (psycopg-pool package; connections come from pool.connection())',
  Record: 'asyncpg.Record: psycopg rows are tuples by default; use row_factory=dict_row for key access, or a Record-like row factory for both',
  prepare: 'prepare() is asyncpg API: in psycopg conn.execute(query, params, prepare=True), but behind a transaction pooler prefer no preparation at all',
};
