/**
 * Which files the codemod reads. asyncpg options can appear without the word asyncpg (Alembic env.py
 * reads the URL from alembic.ini); `fetchrow`/`fetchval`/`$1`: modules that run raw asyncpg queries
 * on a pool they receive may never name asyncpg.
 */
export const TRIGGERS = ['asyncpg', 'prepare_threshold', 'statement_cache_size', 'server_settings', 'prepared_statement_', 'fetchrow', 'fetchval', '$1'] as const;

/**
 * A call of an asyncpg connection or pool method (close() aside: the same in psycopg). A module that
 * takes the pool from `app.state` or `from .db import pool` can hold only such calls, with none of the
 * trigger texts; left unread, it would keep asyncpg calls on a psycopg pool.
 */
const RAW_CALL = /\.(acquire|release|transaction|execute|executemany|fetch|prepare|cursor|terminate|is_closed|get_size|get_idle_size|get_min_size|get_max_size|set_type_codec|add_listener|remove_listener|copy_records_to_table|copy_to_table|copy_from_query|copy_from_table)\s*\(/;

export const hasTrigger = (text: string): boolean => TRIGGERS.some((t) => text.includes(t));

/** Whether a file holds a call of an asyncpg connection or pool method (the reader asks only when no trigger matched). */
export const hasRawCall = (text: string): boolean => RAW_CALL.test(text);

/** Python read for its calls alone: parsed only when the project imports asyncpg (facts.ts). */
export const rawCallsOnly = (text: string): boolean => !hasTrigger(text) && RAW_CALL.test(text);
