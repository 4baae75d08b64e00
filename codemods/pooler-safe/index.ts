import type { Codemod } from '../../src/codemod/types.js';
import { mayHoldNamedQuery } from '../../src/languages/js/named-queries.js';
import { describeEndpoint } from './endpoint.js';
import { scanFacts, type Facts } from './facts.js';
import { jsTransform, JS_FILE, urlPrepare } from './rules/js.js';
import { prismaConfig, prismaEnv, prismaSchema } from './rules/prisma.js';
import { pythonDrivers } from './rules/python.js';
import { sessionState } from './rules/session-state.js';

/** Keep the driver; write, per driver and version, the setting that really disables named prepared statements. */
export const poolerSafe: Codemod<Facts> = {
  name: 'pooler-safe',
  summary: 'Keep the driver, make every client pooler-safe: asyncpg, psycopg, SQLAlchemy, postgres.js, node-postgres, Prisma',
  triggers: ['asyncpg', 'psycopg', 'create_engine', 'create_async_engine', 'engine_from_config', 'sqlalchemy', 'SQLAlchemy', 'postgres', "'pg'", '"pg"', 'drizzle', 'kysely', 'prisma', 'datasource'],
  // A module that runs named query configs on a client it receives need not import pg.
  candidate: (text, kind) => kind === 'js' && mayHoldNamedQuery(text),
  scan: scanFacts,
  extraTargets: (facts) => [...facts.js.keys()],
  notes: (facts, changed) =>
    facts.endpoint
      ? [describeEndpoint(facts.endpoint), ...facts.endpoint.reasons]
      : changed && !facts.poolerSeen
      ? ['nothing in the files read names a pooler (no PgBouncer, Supavisor or Odyssey, no port 6432/6543, no pgbouncer=true): these settings matter only behind a transaction-mode pooler, and turning prepared statements off costs a re-parse per query. Keep them if the deployment adds one; verify --url checks the real endpoint']
      : [],
  async transform(ctx) {
    if (ctx.kind === 'python') await pythonDrivers(ctx);
    else if (JS_FILE.test(ctx.file.rel)) {
      await jsTransform(ctx);
      prismaConfig(ctx);
    }
    else if (ctx.kind === 'prisma') prismaSchema(ctx);
    if (ctx.kind === 'dotenv') prismaEnv(ctx);
    urlPrepare(ctx);
    if (ctx.kind === 'python' || JS_FILE.test(ctx.file.rel)) sessionState(ctx);
  },
};

poolerSafe.forEndpoint = (endpoint) => ({
  ...poolerSafe,
  scan: async (files) => ({ ...(await scanFacts(files)), endpoint: { ...endpoint, reasons: [] } }),
});

export default poolerSafe;
