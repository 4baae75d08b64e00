import { APP_PASSWORD, APP_USER, startCluster } from './cluster.mjs';

export { APP_PASSWORD, APP_USER };

export type Via = 'bouncer' | 'session' | 'direct';

/** PostgreSQL plus PgBouncer in transaction mode (pool size 2) and in session mode, on loopback. */
export interface Servers {
  pgPort: number;
  /** PgBouncer in transaction mode, pool size 2. */
  bouncerPort: number;
  /** PgBouncer in session mode (pool big enough for every test client). */
  sessionPort: number;
  /** App URL, in SQLAlchemy form when a driver is given, else libpq form. */
  url(driver: 'asyncpg' | 'psycopg' | null, via?: Via): string;
  /** Closes the transaction pooler's server connections between scenarios. Session mode needs none: PgBouncer runs DISCARD ALL when a client disconnects. */
  resetPool(): Promise<void>;
  stop(): void;
}

export async function startServers(): Promise<Servers> {
  const c = await startCluster([
    { name: 'transaction', mode: 'transaction', pool: 2 },
    { name: 'session', mode: 'session', pool: 40 },
  ]);
  const port = (via: Via) => (via === 'bouncer' ? c.ports.transaction! : via === 'session' ? c.ports.session! : c.pgPort);
  return {
    pgPort: c.pgPort,
    bouncerPort: c.ports.transaction!,
    sessionPort: c.ports.session!,
    url: (driver, via = 'bouncer') => `postgresql${driver ? `+${driver}` : ''}://${APP_USER}:${APP_PASSWORD}@127.0.0.1:${port(via)}/appdb`,
    resetPool: () => c.resetPool('transaction'),
    stop: c.stop,
  };
}
