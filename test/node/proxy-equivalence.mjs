// The same traffic, direct or through the proxy, must give identical results. Exercises COPY in
// both directions (several MB, split across many TCP packets), a 2 MB parameter, pipelining
// (postgres.js sends many queries on one connection without waiting) and plain queries.
// Usage: node proxy-equivalence.mjs URL TABLE_SUFFIX ; prints one JSON line of digests.
import { createHash } from 'node:crypto';
import postgres from 'postgres';

const [url, suffix] = process.argv.slice(2);
const sql = postgres(url, { max: 1, prepare: false, onnotice: () => {} });
const t = `proxy_eq_${suffix}`;
const digest = (s) => createHash('sha256').update(s).digest('hex');
try {
  await sql.unsafe(`drop table if exists ${t}`);
  await sql.unsafe(`create table ${t} (id int primary key, payload text)`);
  const w = await sql.unsafe(`copy ${t} (id, payload) from stdin`).writable();
  for (let i = 0; i < 20000; i++) w.write(`${i}\t${'x'.repeat(i % 997)}${i}\n`);
  w.end();
  await new Promise((r, j) => (w.on('finish', r), w.on('error', j)));
  const out = [];
  const r = await sql.unsafe(`copy (select id, md5(payload) from ${t} order by id) to stdout`).readable();
  for await (const chunk of r) out.push(chunk);
  const big = 'y'.repeat(2 * 1024 * 1024);
  const [echo] = await sql`select length(${big}::text) as n, md5(${big}::text) as h`;
  const piped = await Promise.all(Array.from({ length: 500 }, (_, i) => sql`select ${i}::int * 3 as v`));
  const [agg] = await sql.unsafe(`select count(*)::int as n, md5(string_agg(payload, ',' order by id)) as h from ${t}`);
  console.log(JSON.stringify({ copyOut: digest(Buffer.concat(out)), bigParam: echo, pipelined: digest(JSON.stringify(piped.map((x) => x[0].v))), table: agg }));
} finally {
  await sql.unsafe(`drop table if exists ${t}`).catch(() => {});
  await sql.end({ timeout: 2 });
}
