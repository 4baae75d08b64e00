// Runs its queries on whatever client the caller hands in (anything with a pg-style query()).
import { DEFAULTS } from './options.mjs';

const TEXTS = ['select $1::int + 1 as v', 'select $1::int * 2 as v'];

export function jobQueries(db, overrides = {}) {
  const opts = { ...DEFAULTS, ...overrides };
  return {
    async run(kind, x) {
      const res = await db.query({
        name: opts.usePreparedStatements ? `job_q${kind}` : undefined,
        text: TEXTS[kind],
        values: [x],
      });
      return res.rows[0].v;
    },
  };
}
