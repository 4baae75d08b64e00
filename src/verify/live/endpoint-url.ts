import type { ConnectionOptions } from 'node:tls';

export class BadUrlError extends Error {}

export interface Endpoint {
  host: string;
  port: number;
  user: string;
  password: string | undefined;
  database: string;
  /** SQLAlchemy driver from `postgresql+driver://`, if any. */
  driver: string | null;
  query: Record<string, string>;
  sslmode: string;
}

/**
 * After `scheme://`: the authority (`user:password@host:port`) and what follows. A password may
 * hold unencoded `/ ? # @`, so the authority runs to the last `@` before the query (or the last
 * `@` at all), then to the end of the host.
 */
export function splitAuthority(afterScheme: string): { authority: string; rest: string } {
  const q = afterScheme.search(/[?#]/);
  let at = afterScheme.lastIndexOf('@', q < 0 ? afterScheme.length : q);
  if (at < 0) at = afterScheme.lastIndexOf('@');
  const hostEnd = afterScheme.slice(at + 1).search(/[/?#]/);
  const end = hostEnd < 0 ? afterScheme.length : at + 1 + hostEnd;
  return { authority: afterScheme.slice(0, end), rest: afterScheme.slice(end) };
}

/**
 * A PostgreSQL URL in any of the forms users pass: libpq (`postgres://`, `postgresql://`) or
 * SQLAlchemy (`postgresql+psycopg://`). The password may hold unencoded `@` (it runs to the last
 * `@` of the authority) and percent-encoded bytes.
 */
export function parseEndpoint(raw: string): Endpoint {
  const head = /^(postgres(?:ql)?)(?:\+(\w+))?:\/\//.exec(raw.trim());
  if (!head) throw new BadUrlError('not a PostgreSQL URL (expected postgresql://user:password@host:port/database)');
  const { authority, rest } = splitAuthority(raw.trim().slice(head[0].length));
  const m = [head[0], head[1], head[2], authority, ...(/^([^?#]*)(?:\?([^#]*))?/.exec(rest) ?? ['', '', undefined]).slice(1)] as (string | undefined)[];
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at) : '';
  const hostport = (at >= 0 ? authority.slice(at + 1) : authority).split(',')[0]!;
  const dec = (s: string, what: string) => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new BadUrlError(`the ${what} has a broken %-escape`);
    }
  };
  const colon = userinfo.indexOf(':');
  const hp = /^(\[[^\]]+\]|[^:]*)(?::(\d*))?$/.exec(hostport);
  if (!hp) throw new BadUrlError('the host:port part cannot be read');
  const query: Record<string, string> = {};
  for (const item of (m[5] ?? '').split('&').filter(Boolean)) {
    const eq = item.indexOf('=');
    query[dec(eq < 0 ? item : item.slice(0, eq), 'query')] = dec(eq < 0 ? '' : item.slice(eq + 1).replace(/\+/g, ' '), 'query');
  }
  const port = hp[2] ? Number(hp[2]) : Number(query.port ?? 5432);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new BadUrlError(`port ${hp[2]} is out of range`);
  const sslFromAsyncpg = query.ssl === 'true' ? 'require' : query.ssl;
  return {
    host: (hp[1] || query.host || 'localhost').replace(/^\[|\]$/g, ''),
    port,
    user: dec(colon >= 0 ? userinfo.slice(0, colon) : userinfo, 'user name') || query.user || process.env.USER || 'postgres',
    password: colon >= 0 ? dec(userinfo.slice(colon + 1), 'password') : query.password,
    database: dec(m[4]!.replace(/^\//, ''), 'database name') || query.dbname || 'postgres',
    driver: m[2] ?? null,
    query,
    sslmode: query.sslmode ?? sslFromAsyncpg ?? 'prefer',
  };
}

/** node-postgres TLS options for a libpq sslmode; `prefer`/`allow` try TLS and fall back (see probe). */
export function tlsFor(sslmode: string): false | ConnectionOptions {
  switch (sslmode) {
    case 'disable':
      return false;
    case 'verify-full':
      return { rejectUnauthorized: true };
    case 'verify-ca':
      return { rejectUnauthorized: true, checkServerIdentity: () => undefined };
    default:
      return { rejectUnauthorized: false };
  }
}
