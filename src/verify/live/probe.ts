import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { tlsFor, type Endpoint } from './endpoint-url.js';
import { firstBytes, hexPreview, looksLikePostgres } from './first-bytes.js';
import type { StartupAnswer } from './startup-params.js';

export type Sharing = 'shared' | 'not-shared' | 'unknown';

export interface ProbeResult {
  ok: boolean;
  /** Set when the endpoint could not be used: one line, no password. */
  failure?: { kind: 'unreachable' | 'auth' | 'database' | 'timeout' | 'tls' | 'not-postgres' | 'other'; message: string };
  server?: string;
  sharing: Sharing;
  evidence: string[];
  /** Whether a named statement survives a move to another server connection (null: not tested or inconclusive). */
  keepsNamed: boolean | null;
  /**
   * On a statement-keeping pooler: whether SQL `DEALLOCATE name` of a protocol-level statement
   * fails there (the pooler renamed it on the server), which is what breaks psycopg's eviction on
   * libpq < 17 (null: not tested).
   */
  sqlDeallocate: 'breaks' | 'works' | null;
  /** The pooler's own version, from its admin console (`SHOW VERSION`), when asked and allowed. */
  poolerVersion?: string | null;
  /** Start-up parameters the code sends, as the endpoint answered them (tried after the audit). */
  startup?: { params: Record<string, string>; answer: StartupAnswer }[];
  hints: string[];
  wallMs: number;
}

export interface ProbeOptions {
  /** Total time for the pooling and named-statement tests (connecting has its own bound). */
  budgetMs?: number;
  /** Also log in to a database that does not exist (a hint; it leaves a FATAL line in the server log). */
  unknownDbProbe?: boolean;
}

const CONNECT_TIMEOUT_MS = 3000;
const QUERY_TIMEOUT_MS = 2000;

/** The server asked for a password and neither the URL nor PGPASSWORD has one. */
class NoPasswordError extends Error {}
/** The server's first bytes are not PostgreSQL's protocol. */
class NotPostgresError extends Error {}

function classify(err: unknown): NonNullable<ProbeResult['failure']> {
  if (err instanceof NoPasswordError) return { kind: 'auth', message: err.message };
  if (err instanceof NotPostgresError) return { kind: 'not-postgres', message: err.message };
  const e = err as { code?: string; message?: string; severity?: string };
  const msg = (e.message ?? String(err)).split('\n')[0]!;
  if (e.code === 'ECONNREFUSED' || e.code === 'ENOTFOUND' || e.code === 'EHOSTUNREACH' || e.code === 'EAI_AGAIN') return { kind: 'unreachable', message: `cannot reach the server (${e.code})` };
  if (/timeout/i.test(msg)) return { kind: 'timeout', message: `no answer within ${CONNECT_TIMEOUT_MS / 1000} s` };
  if (e.code === '28P01' || e.code === '28000' || /password authentication|SASL|auth/i.test(msg)) return { kind: 'auth', message: `authentication failed (${e.code ?? 'auth'})` };
  if (e.code === '3D000' || /no such database|does not exist/i.test(msg)) return { kind: 'database', message: `the database does not exist (${msg})` };
  if (/SSL|TLS|certificate/i.test(msg)) return { kind: 'tls', message: `TLS failed: ${msg}` };
  return { kind: 'other', message: msg };
}

/**
 * Asked by node-postgres only when the server wants a password. Without one, node-postgres would
 * fail deep inside SCRAM with a vague message and leave the socket open until the server's
 * authentication_timeout (60 s by default), which keeps the process alive.
 */
const passwordFor = (ep: Endpoint) =>
  ep.password ??
  (() => {
    if (process.env.PGPASSWORD) return process.env.PGPASSWORD;
    throw new NoPasswordError('the server asks for a password; the URL has none');
  });

/** Closes a client whose connect failed: its socket may still be open mid-handshake. */
function discard(c: pg.Client): void {
  (c as unknown as { connection?: { stream?: { destroy(): void } } }).connection?.stream?.destroy();
}

// No application_name: PgBouncer forwards it to the server connections it hands out, where it
// would stay after verify has gone.
export async function connect(ep: Endpoint, ssl: false | object): Promise<pg.Client> {
  const notPostgres = (first: Buffer) => (looksLikePostgres(first, ssl !== false) ? null : new NotPostgresError(`the server at ${ep.host}:${ep.port} did not answer as PostgreSQL (its first bytes: ${hexPreview(first)})`));
  const bytes = firstBytes(notPostgres);
  const c = new pg.Client({ host: ep.host, port: ep.port, user: ep.user, password: passwordFor(ep), database: ep.database, ssl: ssl as pg.ClientConfig['ssl'], connectionTimeoutMillis: CONNECT_TIMEOUT_MS, query_timeout: QUERY_TIMEOUT_MS, stream: () => bytes.socket() });
  c.on('error', () => {
    /* a dropped connection surfaces on the next query */
  });
  try {
    await c.connect();
  } catch (err) {
    discard(c);
    const first = bytes.seen();
    throw (first && notPostgres(first)) || err;
  }
  return c;
}

/** libpq's prefer/allow: try TLS, and fall back to plain when the server does not offer it. */
export async function connectPerSslmode(ep: Endpoint): Promise<pg.Client> {
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
// Destroyed after a polite end: a socket still open would keep the process alive.
export const end = (c: pg.Client | null) => (c ? Promise.race([c.end().catch(() => undefined), delay(500, undefined)]).then(() => discard(c)) : Promise.resolve());

function hintsFor(ep: Endpoint): string[] {
  const h: string[] = [];
  if (/\.pooler\.supabase\.com$/.test(ep.host)) h.push(`Supabase pooler host: port ${ep.port} is ${ep.port === 6543 ? 'transaction' : ep.port === 5432 ? 'session' : 'an unknown'} mode by convention (hint only)`);
  if (/-pooler\./.test(ep.host)) h.push('Neon "-pooler" host: PgBouncer in transaction mode by convention (hint only)');
  if (ep.port === 6432) h.push('port 6432 is PgBouncer\'s default (hint only)');
  return h;
}

/**
 * Hint only, and only when asked (--unknown-db-probe): ask for a database that does not exist.
 * PostgreSQL answers 3D000 "database ... does not exist" and writes a FATAL line to its log;
 * PgBouncer answers itself (1.18 here: FATAL 08P01 "no such database"), before any server.
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
 * DEALLOCATE runs on whatever server connection the pooler hands out, so it is sent only inside a
 * transaction that is on the backend holding the statement: never an error in the server log.
 */
async function dropOnBackend(c: pg.Client, name: string, backend: number): Promise<boolean> {
  for (let attempt = 0; attempt < 4; attempt++) {
    await c.query('begin');
    const here = await pidOf(c);
    if (here === backend) await c.query(`deallocate ${name}`);
    await c.query('commit');
    if (here === backend) return true;
  }
  return false;
}

/**
 * Prepares a statement of our own, then drops it with SQL `DEALLOCATE`, as psycopg does on libpq <
 * 17 when it evicts its cache. PgBouncer >= 1.21 keeps the statement under its own name
 * (PGBOUNCER_n), so the server answers 26000 for ours: one ERROR line in the server log, and no
 * other client's statement touched (DRIVER-FACTS.md, "Modern poolers").
 */
async function sqlDeallocateProbe(c: pg.Client): Promise<'breaks' | 'works'> {
  const name = `migrate_driver_dealloc_${randomBytes(6).toString('hex')}`;
  await c.query({ name, text: 'select 1 as one' });
  const r = await settle(c.query(`deallocate ${name}`));
  if (!('e' in r)) return 'works';
  if ((r.e as { code?: string }).code === '26000') return 'breaks';
  throw r.e;
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
 * 3. On a pooler that keeps them: does SQL DEALLOCATE of such a statement fail there?
 */
export async function probeEndpoint(ep: Endpoint, opts: ProbeOptions = {}): Promise<ProbeResult> {
  const budgetMs = opts.budgetMs ?? 4500;
  const t0 = Date.now();
  const out: ProbeResult = { ok: false, sharing: 'unknown', evidence: [], keepsNamed: null, sqlDeallocate: null, hints: hintsFor(ep), wallMs: 0 };
  let a: pg.Client | null = null;
  let b: pg.Client | null = null;
  try {
    a = await connectPerSslmode(ep);
    b = await connectPerSslmode(ep);
    out.ok = true;
    out.server = String((await a.query('show server_version')).rows[0].server_version);
    if (opts.unknownDbProbe) {
      const hint = await unknownDatabaseHint(ep);
      if (hint) out.hints.push(hint);
    }

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
      let prepared: number | null = null;
      for (let round = 1; round <= 3 && out.keepsNamed === null && Date.now() - t0 < budgetMs; round++) {
        const x = Number((await a.query(probe)).rows[0].pid);
        prepared ??= x;
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
      if (out.keepsNamed === true) {
        out.sqlDeallocate = await sqlDeallocateProbe(a);
        out.evidence.push(out.sqlDeallocate === 'breaks' ? 'SQL DEALLOCATE of a protocol-level named statement failed with 26000: the pooler keeps it under its own name on the server, so code that deallocates by SQL (psycopg on libpq < 17, evicting its cache) breaks here' : 'SQL DEALLOCATE of a protocol-level named statement worked: the pooler handles it');
      }
      if (out.keepsNamed === null) out.evidence.push('named-statement test inconclusive (the clients never had to change server connection); assumed not kept');
      // A pooler that keeps named statements holds its own copies under its own names: nothing of ours to drop there.
      if (out.keepsNamed !== true && prepared !== null && !(await dropOnBackend(a, name, prepared).catch(() => false))) out.evidence.push(`the probe statement ${name} stays on backend ${prepared} until that server connection closes (it could not be reached again)`);
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
