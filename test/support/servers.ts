import { APP_PASSWORD, APP_USER, MODERN_PGBOUNCER, startCluster } from './cluster.mjs';

export { APP_PASSWORD, APP_USER };

/**
 * bouncer: PgBouncer 1.18, transaction mode (keeps no prepared statements); session: 1.18 in session
 * mode; direct: PostgreSQL; modern: PgBouncer 1.24, transaction mode, max_prepared_statements at its
 * default (200); modern0: 1.24 with max_prepared_statements = 0 (Azure's default).
 */
export type Via = 'bouncer' | 'session' | 'direct' | 'modern' | 'modern0';

/** PostgreSQL plus PgBouncers on loopback. */
export interface Servers {
  pgPort: number;
  /** PgBouncer 1.18 in transaction mode, pool size 2. */
  bouncerPort: number;
  /** PgBouncer 1.18 in session mode (pool big enough for every test client). */
  sessionPort: number;
  /** App URL, in SQLAlchemy form when a driver is given, else libpq form. */
  url(driver: 'asyncpg' | 'psycopg' | null, via?: Via): string;
  /** Closes the transaction poolers' server connections between scenarios. Session mode needs none: PgBouncer runs DISCARD ALL when a client disconnects. */
  resetPool(): Promise<void>;
  stop(): void;
}

/** `modern`: also start the two PgBouncer 1.24 endpoints (built by scripts/test-env.sh). */
export async function startServers(opts: { modern?: boolean } = {}): Promise<Servers> {
  const c = await startCluster([
    { name: 'transaction', mode: 'transaction', pool: 2 },
    { name: 'session', mode: 'session', pool: 40 },
    ...(opts.modern
      ? [
          // The app's user may read SHOW VERSION (stats_users), as on a self-run pooler with monitoring.
          { name: 'modern', mode: 'transaction' as const, pool: 2, bin: MODERN_PGBOUNCER, statsUsers: APP_USER },
          { name: 'modern0', mode: 'transaction' as const, pool: 2, bin: MODERN_PGBOUNCER, maxPreparedStatements: 0 },
        ]
      : []),
  ]);
  const port = (via: Via) => {
    const name = via === 'bouncer' ? 'transaction' : via;
    if (via === 'direct') return c.pgPort;
    const p = c.ports[name];
    if (p === undefined) throw new Error(`${via}: start the servers with { modern: true }`);
    return p;
  };
  const transactionPools = ['transaction', ...(opts.modern ? ['modern', 'modern0'] : [])];
  return {
    pgPort: c.pgPort,
    bouncerPort: c.ports.transaction!,
    sessionPort: c.ports.session!,
    url: (driver, via = 'bouncer') => `postgresql${driver ? `+${driver}` : ''}://${APP_USER}:${APP_PASSWORD}@127.0.0.1:${port(via)}/appdb`,
    resetPool: async () => {
      for (const name of transactionPools) await c.resetPool(name);
    },
    stop: c.stop,
  };
}
