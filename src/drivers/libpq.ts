/**
 * libpq connection keywords (PostgreSQL 17 docs, "Parameter Key Words"). psycopg passes URL query
 * entries and unknown connect() keywords to libpq, which rejects anything not in this list
 * ("invalid URI query parameter" / "invalid connection option"). DRIVER-FACTS.md §1, URL table.
 */
export const LIBPQ_KEYWORDS: ReadonlySet<string> = new Set([
  'host', 'hostaddr', 'port', 'dbname', 'user', 'password', 'passfile', 'require_auth', 'channel_binding',
  'connect_timeout', 'client_encoding', 'options', 'application_name', 'fallback_application_name',
  'keepalives', 'keepalives_idle', 'keepalives_interval', 'keepalives_count', 'tcp_user_timeout',
  'replication', 'gssencmode', 'sslmode', 'requiressl', 'sslnegotiation', 'sslcompression', 'sslcert',
  'sslkey', 'sslpassword', 'sslcertmode', 'sslrootcert', 'sslcrl', 'sslcrldir', 'sslsni', 'requirepeer',
  'ssl_min_protocol_version', 'ssl_max_protocol_version', 'krbsrvname', 'gsslib', 'gssdelegation',
  'service', 'target_session_attrs', 'load_balance_hosts',
]);

export const LIBPQ_SSLMODES: ReadonlySet<string> = new Set([
  'disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full',
]);

/**
 * One `-c name=value` item of libpq's `options` keyword. libpq splits `options` on unescaped
 * spaces, so spaces and backslashes inside the value are backslash-escaped.
 */
export function libpqOptionItem(name: string, value: string): string {
  return `-c ${name}=${value.replace(/\\/g, '\\\\').replace(/ /g, '\\ ')}`;
}
