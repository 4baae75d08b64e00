// A query config whose name a library default switches on (the default lives in options.mjs).
import { DEFAULTS } from './options.mjs';

export async function nextJob(db, id) {
  const res = await db.query({ name: DEFAULTS.usePreparedStatements ? 'next_job' : undefined, text: 'select $1::int as v', values: [id] });
  return res.rows[0].v;
}
