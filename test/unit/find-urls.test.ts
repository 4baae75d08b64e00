import { describe, expect, it } from 'vitest';
import { findAsyncpgSchemes } from '../../src/urls/find-urls.js';

const one = (text: string) => {
  const hits = findAsyncpgSchemes(text);
  expect(hits).toHaveLength(1);
  const h = hits[0]!;
  return { url: h.url ? text.slice(h.start, h.url.end) : null, query: h.url?.query ? text.slice(h.url.query.start, h.url.query.end) : null, keys: h.url?.query?.params.map((p) => p.key) ?? [] };
};

describe('finding asyncpg URLs in any text', () => {
  it('stops at quotes, whitespace, and a closing paren that is not its own', () => {
    expect(one('x = "postgresql+asyncpg://u:p@h/db?ssl=require" # c').url).toBe('postgresql+asyncpg://u:p@h/db?ssl=require');
    expect(one('[pooler](postgresql+asyncpg://u:[PASSWORD]@h:6543/db).').url).toBe('postgresql+asyncpg://u:[PASSWORD]@h:6543/db');
    expect(one('See postgresql+asyncpg://h/db.').url).toBe('postgresql+asyncpg://h/db');
  });
  it('keeps f-string and shell placeholders inside the URL', () => {
    const r = one('f"postgresql+asyncpg://{user}:{cfg["pw"]}@{host}/{db}?ssl={mode}&timeout=5"');
    expect(r.url).toBe('postgresql+asyncpg://{user}:{cfg["pw"]}@{host}/{db}?ssl={mode}&timeout=5');
    expect(r.keys).toEqual(['ssl', 'timeout']);
    expect(one('URL="postgres+asyncpg://${U}:${P}@h/db?ssl=${S}"').keys).toEqual(['ssl']);
  });
  it('separates the query from a fragment, and finds scheme names without ://', () => {
    expect(one('postgresql+asyncpg://h/db?a=1&b=2#frag').query).toBe('a=1&b=2');
    expect(one('dialect: postgresql+asyncpg').url).toBeNull();
    expect(findAsyncpgSchemes('postgresql+asyncpgx://h postgresql_asyncpg')).toHaveLength(0);
  });
});
