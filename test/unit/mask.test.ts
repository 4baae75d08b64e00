import { describe, expect, it } from 'vitest';
import { maskSecrets } from '../../src/urls/mask.js';

describe('credential masking', () => {
  it.each([
    ['postgresql+asyncpg://app:s3cr%40t%3Apw@db:5432/app', 'postgresql+asyncpg://app:****@db:5432/app'],
    ['postgres://u:p@ss:w@rd@host/db', 'postgres://u:****@host/db'],
    ['"postgresql://u:pa/ss@h/db"', '"postgresql://u:****@h/db"'],
    ['host=db password=hunter2 dbname=x', 'host=db password=**** dbname=x'],
    ["password='two words' host=x", 'password=**** host=x'],
    ['POSTGRES_PASSWORD: local-dev-pw', 'POSTGRES_PASSWORD: ****'],
    ['DB_PASSWORD=abc123', 'DB_PASSWORD=****'],
    ['{"password": "abc"}', '{"password": "****"}'],
  ])('%s', (input, want) => expect(maskSecrets(input)).toBe(want));

  it('leaves URLs without passwords and variable references alone', () => {
    for (const s of ['postgresql://app@db/app', 'postgresql://db/app', 'DB_PASSWORD=${DB_PASSWORD}', 'url = "postgresql://${U}:${P}@h/db"', 'URL="postgresql+psycopg://postgres:${DB_PASSWORD}@db/x"', 'f"postgresql://{user}:{password}@{host}/db"']) {
      expect(maskSecrets(s)).toBe(s);
    }
  });
});
