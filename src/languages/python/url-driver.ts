import { resolveModuleName } from './mapping.js';
import type { Node } from './parser.js';
import { stringValue } from './syntax.js';

/**
 * What a Python URL expression says about its SQLAlchemy driver:
 * - `{ driver }` when the expression's own text decides it (`postgresql://` is psycopg2);
 * - `not-postgres` for another database's URL (sqlite, mysql...);
 * - null when it cannot be told from the expression (then the caller flags, never guesses).
 */
export type UrlDriver = { driver: string; why: string } | 'not-postgres' | null;

const SCHEME = /^([a-zA-Z][\w.-]*)(?:\+(\w+))?:\/\//;

/** The driver a literal URL prefix names, e.g. `postgresql+asyncpg://` -> asyncpg. */
export function driverOfScheme(prefix: string, why: string): UrlDriver {
  const m = SCHEME.exec(prefix);
  if (!m) return null;
  if (!/^postgres(ql)?$/.test(m[1]!)) return 'not-postgres';
  return { driver: m[2] ?? 'psycopg2', why };
}

/** The literal text an f-string or plain string starts with, up to its first interpolation. */
function leadingText(str: Node): string {
  let out = '';
  for (const c of str.children) {
    if (!c || c.type === 'string_start') continue;
    if (c.type === 'string_content' || c.type === 'escape_sequence') out += c.text;
    else break;
  }
  return out;
}

/**
 * Follows the URL expression of one engine: literals and f-strings, module-level names, `+`
 * concatenation, `str()`/`make_url()`, `.set(drivername=...)`, and string surgery such as
 * `url.replace("+asyncpg", "")` applied to a URL it can read, or else to `assume` (the driver all
 * the project's URLs name).
 */
export function urlDriverOf(root: Node, node: Node | null, depth = 0, assume: { driver: string; why: string } | null = null): UrlDriver {
  if (!node || depth > 8) return null;
  switch (node.type) {
    case 'string':
      return driverOfScheme(leadingText(node), 'from the URL in the code');
    case 'concatenated_string':
      return urlDriverOf(root, node.namedChildren[0] ?? null, depth + 1, assume);
    case 'parenthesized_expression':
      return urlDriverOf(root, node.namedChildren[0] ?? null, depth + 1, assume);
    case 'identifier': {
      const bound = resolveModuleName(root, node.text);
      const r = urlDriverOf(root, bound, depth + 1, assume);
      return r && r !== 'not-postgres' ? { driver: r.driver, why: `from ${node.text}` } : r;
    }
    case 'binary_operator':
      return node.childForFieldName('operator')?.text === '+' ? urlDriverOf(root, node.childForFieldName('left'), depth + 1, assume) : null;
    case 'call':
      return callDriver(root, node, depth, assume);
    default:
      return null;
  }
}

function callDriver(root: Node, call: Node, depth: number, assume: { driver: string; why: string } | null): UrlDriver {
  const fn = call.childForFieldName('function');
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is Node => !!a);
  if (fn?.type === 'identifier' && (fn.text === 'str' || fn.text === 'make_url') && args.length === 1) return urlDriverOf(root, args[0]!, depth + 1, assume);
  if (fn?.type !== 'attribute') return null;
  const method = fn.childForFieldName('attribute')?.text;
  const base = fn.childForFieldName('object');
  if (method === 'set') {
    const dn = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'drivername')?.childForFieldName('value');
    const v = dn ? stringValue(dn) : null;
    return v !== null ? driverOfScheme(`${v}://`, 'from drivername=') : urlDriverOf(root, base, depth + 1, assume);
  }
  if (method === 'render_as_string') return urlDriverOf(root, base, depth + 1, assume);
  if (method === 'replace' && args.length >= 2) {
    const from = stringValue(args[0]!);
    const to = stringValue(args[1]!);
    // A base it cannot read (settings.DATABASE_URL) is taken to be the project's one URL driver, if it has one.
    const before = urlDriverOf(root, base, depth + 1, assume) ?? assume;
    if (from === null || to === null || !before || before === 'not-postgres') return before === 'not-postgres' ? before : null;
    // Apply the surgery to the scheme it can read; the rest of the URL does not name a driver.
    const scheme = `postgresql${before.driver === 'psycopg2' ? '' : `+${before.driver}`}://`;
    return driverOfScheme(scheme.split(from).join(to), `${before.why}, then .replace(${args[0]!.text}, ${args[1]!.text})`);
  }
  return null;
}

/** SQLAlchemy drivers that run only under the asyncio extension, and those that never do. */
const ASYNC_ONLY = new Set(['asyncpg', 'aiosqlite', 'asyncmy', 'aiomysql', 'psqlpy']);
const SYNC_ONLY = new Set(['psycopg2', 'pg8000', 'psycopg2cffi']);

/** Whether a driver can serve an engine made by this factory (`create_engine` is never asyncpg). */
export function driverFitsFactory(driver: string, factory: string): boolean {
  const isAsync = factory === 'create_async_engine' || factory === 'async_engine_from_config';
  return isAsync ? !SYNC_ONLY.has(driver) : !ASYNC_ONLY.has(driver);
}
