// Runs its queries on whatever client the caller hands in (anything with a pg-style query()).
import { DEFAULTS } from './options.mjs';

const TEXTS = ['select $1::int + 1 as v', 'select $1::int * 2 as v'];

export function jobQueries(db, overrides = {}) {
  const opts = { ...DEFAULTS, ...overrides };
  return {
    async run(kind, x) {
      const res = await db.query({
        // migrate-driver: TODO named query: its name is a switch (opts.usePreparedStatements) (decided in options.mjs); it was left as is. Behind a transaction pooler without prepared-statement support, set opts.usePreparedStatements to false by default where it is decided; a node-postgres query with `name` becomes a named statement kept per connection; without it pg sends an unnamed one (node-postgres docs, "Prepared statements")
        name: opts.usePreparedStatements ? `job_q${kind}` : undefined,
        text: TEXTS[kind],
        values: [x],
      });
      return res.rows[0].v;
    },
  };
}
