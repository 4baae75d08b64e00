/**
 * Masks credentials in anything printed: URL passwords (any scheme, passwords containing @ % :
 * included: the password runs to the LAST @ of the URL token), libpq `password=` items, and
 * assignments whose name says password or secret (.env, YAML, compose, shell, JSON).
 */
const MASK = '****';

// scheme://user:password@  (the password may contain @; greedy up to the last @ before a delimiter)
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/[^\s:/?#@'"`<>]*:)([^\s'"`<>]*)@/gi;
// key=value conninfo items
const CONNINFO_PASSWORD = /(\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|[^\s'"&;]+)/gi;
// NAME=..., NAME: ..., "name": "..." where NAME mentions a password or secret
const ASSIGNMENT = /((?:^|[\s{,])["']?[A-Za-z0-9_.-]*(?:PASSWORD|PASSWD|PWD|SECRET)[A-Za-z0-9_.-]*["']?\s*[:=]\s*)(["']?)([^\s"',}]+)(\2)/gim;

export function maskSecrets(text: string): string {
  return text
    // A password that is only a variable reference (${PW}, $PW, an f-string {pw}) is no secret: keep it readable.
    .replace(URL_USERINFO, (_m, head: string, pw: string) => (pw === '' || /^(\$\{\w+\}|\$\w+|\{[\w.\[\]'"]+\})$/.test(pw) ? `${head}${pw}@` : `${head}${MASK}@`))
    .replace(CONNINFO_PASSWORD, (_m, head: string) => `${head}${MASK}`)
    .replace(ASSIGNMENT, (m, head: string, q: string, value: string, q2: string) =>
      value.startsWith('$') || value === MASK ? m : `${head}${q}${MASK}${q2}`,
    );
}

/** Identity when secrets may be shown. */
export const secretFilter = (showSecrets: boolean) => (showSecrets ? (s: string) => s : maskSecrets);
