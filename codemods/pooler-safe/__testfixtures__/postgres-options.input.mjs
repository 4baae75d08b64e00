import postgres from 'postgres';
import { PostgresJSDialect } from 'kysely-postgres-js';
import { loadOptions } from '@acme/config';

const sql = postgres(process.env.DATABASE_URL, {
  max: 10,
  prepare: true, // was needed for speed
  idle_timeout: 20 // seconds
});
const dialect = new PostgresJSDialect({ postgres: postgres(process.env.URL, {}) });
const opaque = postgres(process.env.URL, loadOptions());
export { sql, dialect, opaque };
