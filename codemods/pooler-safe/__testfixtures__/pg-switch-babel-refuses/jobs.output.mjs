// A query config whose name a library default switches on (the default lives in options.mjs).
import { DEFAULTS } from './options.mjs';

export async function nextJob(db, id) {
  // migrate-driver: TODO named query: its name is a switch (DEFAULTS.usePreparedStatements) (decided in options.mjs); it was left as is. Behind a transaction pooler without prepared-statement support, set DEFAULTS.usePreparedStatements to false by default where it is decided; a node-postgres query with `name` becomes a named statement kept per connection; without it pg sends an unnamed one (node-postgres docs, "Prepared statements")
  const res = await db.query({ name: DEFAULTS.usePreparedStatements ? 'next_job' : undefined, text: 'select $1::int as v', values: [id] });
  return res.rows[0].v;
}
