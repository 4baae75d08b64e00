import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { tlsFor, type Endpoint } from './endpoint-url.js';

export type Sharing = 'shared' | 'not-shared' | 'unknown';

export interface ProbeResult {
  ok: boolean;
  /** Set when the endpoint could not be used: one line, no password. */
  failure?: { kind: 'unreachable' | 'auth' | 'database' | 'timeout' | 'tls' | 'other'; message: string };
  server?: string;
  sharing: Sharing;
  evidence: string[];
  /** Whether a named statement survives a move to another server connection (null: not tested or inconclusive). */
  keepsNamed: boolean | null;
  hints: string[];
  wallMs: number;
}

const CONNECT_TIMEOUT_MS = 3000;
const QUERY_TIMEOUT_MS = 2000;

function classify(err: unknown): NonNullable<ProbeResult['failure']> {
  const e = err as { code?: string; message?: string; severity?: string };
  const msg = (e.message ?? String(err)).split('\n')[0]!;
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'EHOSTUNREACH' || e.code === 'EAI_AGAIN') return { kind: 'unreachable', message: `cannot reach the server (${e.code})` };
  if (/timeout/i.test(msg)) return { kind: 'timeout', message: `no answer within ${CONNECT_TIMEOUT_MS / 1000} s` };
  if (e.code === '28P01' || e.code === '28000' || /password authentication|SASL|auth/i.test(msg)) return { kind: 'auth', message: `authentication failed (${e.code ?? 'auth'})` };
  if (e.code === '3D000' || /no such database|does not exist/i.test(msg)) return { kind: 'database', message: `the database does not exist (${msg})` };
  if (/SSL|TLS|certificate/i.test(msg)) return { kind: 'tls', message: `TLS failed: ${msg}` };
  return { kind: 'other', message: msg };
}

async function connect(ep: Endpoint, ssl: false | object): Promise<pg.Client> {
  const c = new pg.Client({ host: ep.host, port: ep.port, user: ep.user, password: ep.password, database: ep.database, ssl: ssl as pg.ClientConfig['ssl'], connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: QUERY_TIMEOUT_MS, application_name: 'migrate-driver verify' });
  c.on('error', () => {
    /* a dropped connection surfaces on the next query */
  });
  await c.connect();
  return c;
}

/** libpq's prefer/allow: try TLS, and fall back to plain when the server does not offer it. */
async function connectPerSslmode(ep: Endpoint): Promise<pg.Client> {
  if (ep.sslmode === 'prefer' || ep.sslmode === 'allow') {
    try {
      return await connect(ep, tlsFor('require'));
    } catch (err) {
      if (!/does not support SSL/i.test(String((err as Error).message))) throw err;
      return connect(ep, false);
    }
  }
  return connect(ep, tlsFor(ep.sslmode));
}

/** A timer that never keeps the process alive on its own. */
const delay = <T>(ms: number, value: T) => new Promise<T>((r) => setTimeout(() => r(value), ms).unref());
const pidOf = async (c: pg.Client): Promise<number> => Number((await c.query('select pg_backend_pid() as pid')).rows[0].pid);
const settle = <T>(p: Promise<T>) => p.then((v) => ({ v }), (e: unknown) => ({ e }));
const end = (c: pg.Client | null) => (c ? Promise.race([c.end().catch(() => undefined), delay(500, undefined)]) : Promise.resolve());

function hintsFor(ep: Endpoint): string[] {
  const h: string[] = [];
  if (/\.pooler\.supabase\.com$/.test(ep.host)) h.push(`Supabase pooler host: port ${ep.port} is ${ep.port === 6543 ? 'transaction' : ep.port === 5432 ? 'session' : 'an unknown'} mode by convention (hint only)`);
  if (/-pooler\./.test(ep.host)) h.push('Neon "-pooler" host: PgBouncer in transaction mode by convention (hint only)');
  if (ep.port === 6432) h.push('port 6432 is PgBouncer\'s default (hint only)');
  return h;
}

/**
 * Hint only: ask for a database that does not exist. PostgreSQL answers 3D000 "database ... does
 * not exist"; PgBouncer answers itself (1.18 here: FATAL 08P01 "no such database"), before any server.
 */
async function unknownDatabaseHint(ep: Endpoint): Promise<string | null> {
  const probe = { ...ep, database: `migrate_driver_no_such_db_${randomBytes(3).toString('hex')}` };
  try {
    const c = await connectPerSslmode(probe);
    await end(c);
    return null;
  } catch (err) {
    const e = err as { code?: string; severity?: string; message?: string };
    if (e.code === '3D000') return 'an unknown database is refused by PostgreSQL itself (3D000): no pooler in front, or one that forwards logins (hint only)';
    if (/no such database/i.test(e.message ?? '') || e.code === '08P01') return `an unknown database is refused by the pooler (${e.severity ?? ''} ${e.code ?? ''} "no such database"): PgBouncer-style pooler (hint only)`;
    return null;
  }
}

/**
 * Live probes, read-only and bounded in time:
 * 1. Pooling: client A holds a transaction while client B runs one, then A commits and B runs
 *    again. Two open clients seeing the same backend pid, or one client seeing two pids, proves
 *    that server connections are shared (DRIVER-FACTS.md, "Measured here": pooling-mode probe).
 * 2. Named statements: A prepares a named statement, B takes a server connection in a transaction,
 *    and A executes the statement again on whatever server it gets. An error 26000 proves the
 *    pooler does not keep named statements; an answer from another backend proves it does
 *    (PgBouncer >= 1.21 with max_prepared_statements).
 */
export async function probeEndpoint(ep: Endpoint, budgetMs = 4500): Promise<ProbeResult> {
  const t0 = Date.now();
  const out: ProbeResult = { ok: false, sharing: 'unknown', evidence: [], keepsNamed: null, hints: hintsFor(ep), wallMs: 0 };
  let a: pg.Client | null = null;
  let b: pg.Client | null = null;
  try {
    a = await connectPerSslmode(ep);
    b = await connectPerSslmode(ep);
    out.ok = true;
    out.server = String((await a.query('show server_version')).rows[0].server_version);
    const hint = await unknownDatabaseHint(ep);
    if (hint) out.hints.push(hint);

    for (let round = 1; round <= 6 && out.sharing === 'unknown' && Date.now() - t0 < budgetMs / 2; round++) {
      await a.query('begin');
      const a1 = await pidOf(a);
      const b1p = settle(pidOf(b));
      const early = await Promise.race([b1p, delay(150, null)]);
      await a.query('commit');
      const b1r = early ?? (await b1p);
      if ('e' in b1r) throw b1r.e;
      const b1 = b1r.v;
      const b2 = await pidOf(b);
      const a2 = await pidOf(a);
      if (a1 === b1 || a1 === b2 || a2 === b1 || a2 === b2) {
        out.sharing = 'shared';
        out.evidence.push(`round ${round}: two open clients saw the same backend pid (A ${a1}/${a2}, B ${b1}/${b2}): server connections are shared per transaction`);
      } else if (a1 !== a2 || b1 !== b2) {
        out.sharing = 'shared';
        out.evidence.push(`round ${round}: one client saw two backend pids (A ${a1}/${a2}, B ${b1}/${b2}): server connections are handed out per transaction`);
      } else if (round >= 3) {
        out.sharing = 'not-shared';
        out.evidence.push(`${round} rounds: each client kept its own backend (A ${a1}, B ${b1}) while the other held a transaction: no transaction pooling seen`);
      }
    }

    if (out.sharing === 'shared') {
      const name = `migrate_driver_probe_${randomBytes(6).toString('hex')}`;
      const probe = { name, text: 'select pg_backend_pid() as pid' };
      for (let round = 1; round <= 3 && out.keepsNamed === null && Date.now() - t0 < budgetMs; round++) {
        const x = Number((await a.query(probe)).rows[0].pid);
        await b.query('begin');
        const y = await pidOf(b);
        const again = settle(a.query(probe));
        const early = await Promise.race([again, delay(150, null)]);
        await b.query('commit');
        const r = early ?? (await again);
        if ('e' in r) {
          const code = (r.e as { code?: string }).code;
          if (code === '26000') {
            out.keepsNamed = false;
            out.evidence.push(`named statement prepared on backend ${x}, executed again while that backend was busy: 26000 "does not exist": the pooler does not keep named statements`);
          } else throw r.e;
        } else {
          const z = Number(r.v.rows[0].pid);
          if (z !== x && y === x) {
            out.keepsNamed = true;
            out.evidence.push(`named statement prepared on backend ${x} ran on backend ${z}: the pooler re-prepares named statements (PgBouncer >= 1.21 with max_prepared_statements)`);
          }
        }
      }
      if (out.keepsNamed === null) out.evidence.push('named-statement test inconclusive (the clients never had to change server connection); assumed not kept');
      // Best-effort clean-up of our own statement wherever it is; a leftover has a random name and is harmless.
      await a.query(`deallocate ${name}`).catch(() => undefined);
    }
  } catch (err) {
    if (!out.ok) out.failure = classify(err);
    else out.evidence.push(`probe stopped early: ${classify(err).message}`);
  } finally {
    await end(a);
    await end(b);
    out.wallMs = Date.now() - t0;
  }
  return out;
}
