import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { toMaskedJson } from '../../src/report/json.js';
import { MASK, maskSecrets } from '../../src/urls/mask.js';

/**
 * Property tests of the masker. Each generated text is a list of pieces, some of them secret;
 * the masked text must be exactly the pieces with each secret replaced by `****`. That proves at
 * once that no password is shown and that nothing outside a password changed.
 */

type Piece = { text: string; secret?: boolean };
interface Item {
  pieces: Piece[];
  /** May share its line with other text (false: .env-style items that start their own line). */
  inline: boolean;
  /** The password as written holds no `"` or `\`: JSON escaping then adds no backslash inside it. */
  jsonSafe: boolean;
}
type Form = Omit<Item, 'jsonSafe'>;

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
// What a password may hold anywhere (bare in a URL or an .env line).
const PW_CHARS = [...ALNUM, '@', '%', ':', '/', '?', '#', "'", '-', '_', '.', '!', '~', '*', '+', '=', '\\'];
// What it may also hold once quoted.
const QUOTED_EXTRA = [' ', ',', ';', '&', ')', '}', ']', '(', '{', '[', '"', '$'];

// Bounded so the file runs in well under a few seconds; FUZZ_SCALE=50 digs deeper on demand.
const scale = Number(process.env.FUZZ_SCALE ?? 1);
const RUNS = { text: 1000 * scale, url: 1000 * scale, json: 400 * scale };

const str = (chars: readonly string[], minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...chars), minLength, maxLength });

// Not a password by the masker's own rules: a variable reference, a literal, or the mask itself.
const isPassword = (pw: string) => !/^(?:\$|\{.*\}$|%\(\w+\)s$|null$|None$|true$|false$|True$|False$|\*\*\*\*$|[\w.]+\.(?:\w*_)?(?:password|passwd|pwd|secret)(?:_\w*)?$)/i.test(pw);
const barePassword = str(PW_CHARS, 1, 20).filter(
  // A bare value cannot open like a quote or a Python string prefix (b'…'), nor start with `=` (then `==`
  // reads as a comparison); a backslash cannot end it or stand before a quote or a letter of a JSON escape.
  (pw) => isPassword(pw) && !/^(?:[rRbBuUfF]{0,2}['"]|[=>])/.test(pw) && !/\\(?:$|["'nrtbfu])/.test(pw),
);
const quotedPassword = str([...PW_CHARS, ...QUOTED_EXTRA], 1, 20).filter(isPassword);

const SECRET_NAMES = ['DB_PASSWORD', 'PGPASSWORD', 'POSTGRES_PASSWORD', 'password', 'client_secret', 'db.pwd', 'REDIS_PASSWD', 'Password'];
const name = fc.constantFrom(...SECRET_NAMES);

// Text that holds no secret and starts no URL: what surrounds the passwords.
const INERT = [...'abcdefghijklmnopqrstuvwxyz ABCXYZ0123456789.,;:!?()[]{}<>"\'/-_+*=#&%@\\\t'];
const inert = str(INERT, 0, 24).filter((t) => !/pass|pwd|secret/i.test(t) && !t.includes('://'));

const piece = (text: string, secret = false): Piece => ({ text, secret });
const escDq = (pw: string) => pw.replace(/[\\"]/g, (c) => `\\${c}`);
const escLibpq = (pw: string) => pw.replace(/[\\']/g, (c) => `\\${c}`);

/** Keyed items: NAME=value in the forms people write them. */
const keyedForms: fc.Arbitrary<Form> = fc.oneof(
  fc.tuple(name, barePassword, fc.constantFrom('', 'export ', '  ')).map(([n, pw, lead]) => ({ pieces: [piece(`${lead}${n}=`), piece(pw, true)], inline: false })),
  fc.tuple(name, quotedPassword, fc.constantFrom('=', ': ', ' = ')).map(([n, pw, sep]) => ({ pieces: [piece(`${n}${sep}"`), piece(escDq(pw), true), piece('"')], inline: true })),
  // In single quotes a backslash is literal for a shell and an escape for Python: a unit test pins that case.
  fc.tuple(name, quotedPassword.filter((pw) => !/['\\]/.test(pw)), fc.constantFrom('=', ': ')).map(([n, pw, sep]) => ({ pieces: [piece(`${n}${sep}'`), piece(pw, true), piece("'")], inline: true })),
  fc.tuple(name, barePassword).map(([n, pw]) => ({ pieces: [piece(`  ${n}: `), piece(pw, true)], inline: false })),
  fc.tuple(name, quotedPassword, fc.constantFrom('str', 'Optional[str]', 'str | None')).map(([n, pw, type]) => ({ pieces: [piece(`    ${n}: ${type} = "`), piece(escDq(pw), true), piece('"')], inline: false })),
  quotedPassword.map((pw) => ({ pieces: [piece('connect(host="h", password="'), piece(escDq(pw), true), piece('")')], inline: true })),
  barePassword.map((pw) => ({ pieces: [piece('host=db port=5432 password='), piece(pw, true), piece(' dbname=app')], inline: false })),
  quotedPassword.map((pw) => ({ pieces: [piece("host=db password='"), piece(escLibpq(pw), true), piece("' dbname=app")], inline: true })),
  fc.tuple(name, quotedPassword).map(([n, pw]) => ({ pieces: [piece(`{"${n}": "`), piece(JSON.stringify(pw).slice(1, -1), true), piece('"}')], inline: true })),
);

const writtenSafe = (it: Form): Item => ({ ...it, jsonSafe: it.pieces.every((p) => !p.secret || !/["\\]/.test(p.text)) });
const keyed = keyedForms.map(writtenSafe);

const scheme = fc.constantFrom('postgresql', 'postgres', 'postgresql+asyncpg', 'postgresql+psycopg', 'redis', 'mysql');
const host = fc.constantFrom('db', 'localhost', '127.0.0.1', 'aws-0-eu.pooler.supabase.com', 'db.example');
const port = fc.constantFrom('', ':5432', ':6543');
const db = fc.constantFrom('app', 'postgres', 'my_db');
const query = fc.constantFrom('', '?sslmode=require', '?ssl=true&application_name=x');
const user = fc.constantFrom('', 'app', 'postgres.abcdefgh', 'u_1');
const urlPassword = fc.oneof(barePassword, barePassword.map(encodeURIComponent));

interface UrlCase {
  item: Item;
  /** The URL itself, unwrapped: head + password + tail. */
  head: string;
  pw: string;
  tail: string;
}
const urlItem: fc.Arbitrary<UrlCase> = fc
  .tuple(scheme, user, urlPassword, host, port, db, query, fc.constantFrom('', '"', "'", '<', '`', 'DATABASE_URL=', 'url: ', '('))
  .filter(([, , pw, , , , , wrap]) => !(wrap === "'" && pw.includes("'")))
  .map(([s, u, pw, h, p, d, q, wrap]) => {
    const close = ({ '"': '"', "'": "'", '<': '>', '`': '`', '(': ')' } as Record<string, string>)[wrap] ?? '';
    const [head, tail] = [`${s}://${u}:`, `@${h}${p}/${d}${q}`];
    return { head, pw, tail, item: writtenSafe({ pieces: [piece(`${wrap}${head}`), piece(pw, true), piece(`${tail}${close}`)], inline: true }) };
  });

const item = fc.oneof(keyed, urlItem.map((u) => u.item));
const render = (pieces: Piece[], masked: boolean) => pieces.map((p) => (masked && p.secret ? MASK : p.text)).join('');

/** A text of lines: inert text, and items alone on their line or amid inert text; diff prefixes and CRLF too. */
const document = fc
  .tuple(
    fc.array(fc.tuple(fc.constantFrom('', '+', '-', ' '), fc.oneof(inert.map((t) => writtenSafe({ pieces: [piece(t)], inline: true })), item), inert, inert), { maxLength: 8 }),
    fc.constantFrom('\n', '\r\n', '\r'),
  )
  .map(([lines, eol]) =>
    lines.flatMap(([prefix, it, before, after], n) => [
      ...(n ? [piece(eol)] : []),
      piece(prefix),
      ...(it.inline ? [piece(`${before} `)] : []),
      ...it.pieces,
      piece(it.inline ? ` ${after}` : ` # ${after}`), // after a bare value, a line holds a comment at most
    ]),
  );

describe('masking (property)', () => {
  it('replaces exactly the passwords in any text, and nothing else', () => {
    fc.assert(
      fc.property(document, (pieces) => {
        const masked = maskSecrets(render(pieces, false));
        expect(masked).toBe(render(pieces, true));
        expect(maskSecrets(masked)).toBe(masked);
      }),
      { numRuns: RUNS.text },
    );
  });

  it('leaves a URL that still parses, with the same host, port and database', () => {
    fc.assert(
      fc.property(urlItem, ({ head, pw, tail }) => {
        const masked = maskSecrets(`${head}${pw}${tail}`);
        expect(masked).toBe(`${head}${MASK}${tail}`);
        const want = new URL(`${head}${encodeURIComponent(decodeURIComponentSafe(pw))}${tail}`);
        const got = new URL(masked);
        expect([got.hostname, got.port, got.pathname, got.search, got.password]).toEqual([want.hostname, want.port, want.pathname, want.search, MASK]);
      }),
      { numRuns: RUNS.url },
    );
  });

  // Leaves of a JSON document: inert strings, numbers, and strings that hold one item each.
  const leaf = fc.oneof(
    inert.map((t) => ({ raw: t as unknown, masked: t as unknown })),
    fc.integer().map((n) => ({ raw: n as unknown, masked: n as unknown })),
    fc.tuple(inert, item, inert).map(([a, it, b]) => {
      const lead = it.inline ? `${a} ` : '';
      const tail = it.inline ? ` ${b}` : ` # ${b}`;
      return { raw: `${lead}${render(it.pieces, false)}${tail}`, masked: `${lead}${render(it.pieces, true)}${tail}`, safe: it.jsonSafe };
    }),
  );
  const KEYS = ['a', 'config', 'url', 'notes', 'x_y'];
  const tree = fc.letrec<{ node: { raw: unknown; masked: unknown; safe?: boolean } }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small' },
      leaf,
      fc.array(tie('node'), { maxLength: 4 }).map((xs) => ({ raw: xs.map((x) => x.raw), masked: xs.map((x) => x.masked), safe: xs.every((x) => x.safe !== false) })),
      fc.array(fc.tuple(fc.constantFrom(...KEYS), tie('node')), { maxLength: 4 }).map((kv) => {
        const uniq = [...new Map(kv).entries()];
        return { raw: Object.fromEntries(uniq.map(([k, v]) => [k, v.raw])), masked: Object.fromEntries(uniq.map(([k, v]) => [k, v.masked])), safe: uniq.every(([, v]) => v.safe !== false) };
      }),
      quotedPassword.map((pw) => ({ raw: { password: pw }, masked: { password: MASK }, safe: !/["\\]/.test(pw) })),
    ),
  })).node;

  it('masks structured data before serialising: the JSON parses and shows no password', () => {
    fc.assert(
      fc.property(tree, (t) => {
        expect(JSON.parse(toMaskedJson(t.raw, maskSecrets))).toEqual(t.masked);
      }),
      { numRuns: RUNS.json },
    );
  });

  it('keeps serialised JSON valid when it masks the text itself', () => {
    fc.assert(
      fc.property(tree.filter((t) => t.safe !== false), (t) => {
        // Indented, every string has its own line, as each item has in a real file: the same passwords are masked.
        expect(JSON.parse(maskSecrets(JSON.stringify(t.raw, null, 2)))).toEqual(t.masked);
      }),
      { numRuns: RUNS.json },
    );
    fc.assert(
      fc.property(tree, (t) => {
        // On one line, quotes of other strings can blur where a bare value ends; the JSON must still parse.
        expect(() => JSON.parse(maskSecrets(JSON.stringify(t.raw)))).not.toThrow();
      }),
      { numRuns: RUNS.json },
    );
  });
});

function decodeURIComponentSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
