import { describe, expect, it } from 'vitest';
import { maskDeep, maskSecrets, passwordsIn, secretFilter } from '../../src/urls/mask.js';

describe('credential masking', () => {
  it.each([
    ['postgresql+asyncpg://app:s3cr%40t%3Apw@db:5432/app', 'postgresql+asyncpg://app:****@db:5432/app'],
    ['postgres://u:p@ss:w@rd@host/db', 'postgres://u:****@host/db'],
    ['"postgresql://u:pa/ss@h/db"', '"postgresql://u:****@h/db"'],
    ['host=db password=hunter2 dbname=x', 'host=db password=**** dbname=x'],
    ["password='two words' host=x", "password='****' host=x"],
    ["password='it\\'s' host=x", "password='****' host=x"],
    ['POSTGRES_PASSWORD: local-dev-pw', 'POSTGRES_PASSWORD: ****'],
    ['DB_PASSWORD=abc123', 'DB_PASSWORD=****'],
    ['{"password": "abc"}', '{"password": "****"}'],
    ['postgresql://secret_user:pw@secret-host:5432/db?password=x&sslmode=require', 'postgresql://secret_user:****@secret-host:5432/db?password=****&sslmode=require'],
  ])('%s', (input, want) => expect(maskSecrets(input)).toBe(want));

  it('leaves URLs without passwords and variable references alone', () => {
    for (const s of [
      'postgresql://app@db/app',
      'postgresql://db/app',
      'DB_PASSWORD=${DB_PASSWORD}',
      'url = "postgresql://${U}:${P}@h/db"',
      'URL="postgresql+psycopg://postgres:${DB_PASSWORD}@db/x"',
      'f"postgresql://{user}:{password}@{host}/db"',
      'DB_PASSWORD="${SUPABASE_DB_PASSWORD:?set SUPABASE_DB_PASSWORD}"',
      'password = os.environ.get("DB_PASSWORD", "")',
      'if password == other:',
      'pw = settings.DB_PASSWORD',
      'password authentication failed for user "app"',
    ]) {
      expect(maskSecrets(s)).toBe(s);
    }
  });

  describe('an unencoded / in a URL password', () => {
    it.each([
      ['postgresql://app:pa/ss@host/db', 'postgresql://app:****@host/db'],
      ['postgresql://app:/pass@host:5432/db', 'postgresql://app:****@host:5432/db'],
      ['postgresql://app:pass/@host/db?sslmode=require', 'postgresql://app:****@host/db?sslmode=require'],
      ['postgresql://app:a//b/@c@host/db', 'postgresql://app:****@host/db'],
      ["DATABASE_URL='postgresql+asyncpg://app:pa/ss@host/db'", "DATABASE_URL='postgresql+asyncpg://app:****@host/db'"],
      ['+DATABASE_URL=postgresql://app:pa/ss?x#y@host/db', '+DATABASE_URL=postgresql://app:****@host/db'],
    ])('%s', (input, want) => expect(maskSecrets(input)).toBe(want));

    it('is masked where a misread URL echoes it without its scheme (verify prints host:port/db)', () => {
      const raw = 'postgresql://app:12/ss@127.0.0.1:1/db';
      expect(passwordsIn(raw)).toEqual(['12/ss']);
      // parseEndpoint splits the authority at the first `/`: host "app", port "12", database "ss@127.0.0.1:1/db".
      expect(secretFilter(false, [raw])('app:12/ss@127.0.0.1:1/db as postgres')).toBe('app:****@127.0.0.1:1/db as postgres');
      expect(secretFilter(true, [raw])('app:12/ss@h')).toBe('app:12/ss@h');
    });
  });

  describe('keeps everything but the password', () => {
    it('keeps a Python type annotation and masks the value', () => {
      expect(maskSecrets('    DB_PASSWORD: str = "changeme"')).toBe('    DB_PASSWORD: str = "****"');
      expect(maskSecrets('    DB_PASSWORD: Optional[str] = "changeme"')).toBe('    DB_PASSWORD: Optional[str] = "****"');
    });

    it('never crosses a line end, and keeps diff prefixes', () => {
      const diff = [' DB_PASSWORD=', '-DATABASE_URL=postgresql+asyncpg://app:${DB_PASSWORD}@db/app', '+DATABASE_URL=postgresql+psycopg://app:${DB_PASSWORD}@db/app', ' password:', '+REDIS_PASSWORD=hunter2', ' x=1'].join('\n');
      const masked = maskSecrets(diff);
      expect(masked.split('\n').map((l) => l[0])).toEqual(diff.split('\n').map((l) => l[0]));
      expect(masked).toBe(diff.replace('hunter2', '****'));
      expect(maskSecrets('a\r\nDB_PASSWORD=x\r\n')).toBe('a\r\nDB_PASSWORD=****\r\n');
    });

    it.each([
      // A backslash is literal in shell single quotes and an escape in Python ones: the whole value goes either way.
      ["DB_PASSWORD='a\\'", "DB_PASSWORD='****'"],
      ["password = 'it\\'s'", "password = '****'"],
      // Separators end a bare value only where the next item starts.
      ['host=h password=a;b,c)d dbname=x', 'host=h password=**** dbname=x'],
      ['Password=x;Host=db', 'Password=****;Host=db'],
      ['?user=u&password=p&sslmode=require', '?user=u&password=****&sslmode=require'],
      ['connect(password=pw, host=h)', 'connect(password=****, host=h)'],
      ['DB_PASSWORD=ab\\cd', 'DB_PASSWORD=****'],
      ["'host=h password=x'", "'host=h password=****'"],
    ])('%s', (input, want) => expect(maskSecrets(input)).toBe(want));

    it('keeps JSON text valid, escaped quotes included', () => {
      for (const value of ['password="x"', 'host=h password=\\"x y\\"', 'postgresql://u:p"w@h/db', 'DB_PASSWORD="a\\\\b"', 'postgresql://u:p@h/db\\x']) {
        const text = JSON.stringify({ text: value, list: [value], password: 12345 });
        const masked = maskSecrets(text);
        expect(() => JSON.parse(masked), masked).not.toThrow();
      }
      expect(maskSecrets(JSON.stringify({ t: 'password="x"' }))).toBe(JSON.stringify({ t: 'password="****"' }));
    });
  });

  it('masks inside structured data, field names included', () => {
    const data = { url: 'postgresql://u:pw@h/db', list: ['password=abc'], db_password: 'plain', secret: 42, n: 1, nested: { dsn: 'host=h password=x' } };
    expect(maskDeep(data, secretFilter(false))).toEqual({ url: 'postgresql://u:****@h/db', list: ['password=****'], db_password: '****', secret: '****', n: 1, nested: { dsn: 'host=h password=****' } });
    expect(maskDeep(data, secretFilter(true))).toEqual(data);
  });
});
