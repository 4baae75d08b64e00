import { connectPerSslmode, end } from './probe.js';
import type { Endpoint } from './endpoint-url.js';

/**
 * PgBouncer's own version, read from its admin console (database "pgbouncer", `SHOW VERSION`),
 * which answers only users in admin_users or stats_users. Read-only. Asked only when a verdict
 * depends on the version, since nothing on the data path tells PgBouncer 1.21 from 1.22+.
 * Null when refused, not PgBouncer, or unreachable.
 */
export async function readPoolerVersion(ep: Endpoint): Promise<string | null> {
  let c = null;
  try {
    c = await connectPerSslmode({ ...ep, database: 'pgbouncer' });
    const r = await c.query('SHOW VERSION');
    const v = r.rows[0] ? String(Object.values(r.rows[0])[0]) : '';
    return /PgBouncer/i.test(v) ? v : null;
  } catch {
    return null;
  } finally {
    await end(c);
  }
}
