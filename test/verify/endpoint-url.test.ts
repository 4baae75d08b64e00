import { describe, expect, it } from 'vitest';
import { BadUrlError, parseEndpoint } from '../../src/verify/live/endpoint-url.js';
import { urlThroughProxy } from '../../src/verify/observe/run-command.js';

describe('endpoint URLs', () => {
  it('accepts SQLAlchemy-style URLs and keeps the driver', () => {
    expect(parseEndpoint('postgresql+psycopg://app:pw@db.example.com:6543/app?sslmode=require')).toMatchObject({ host: 'db.example.com', port: 6543, user: 'app', password: 'pw', database: 'app', driver: 'psycopg', sslmode: 'require' });
  });
  it('reads passwords with @ % : and asyncpg ssl=', () => {
    expect(parseEndpoint('postgres://u:p@ss:w%25rd@h/db?ssl=true')).toMatchObject({ user: 'u', password: 'p@ss:w%rd', host: 'h', port: 5432, sslmode: 'require' });
    expect(parseEndpoint('postgresql://u@[::1]:6432/db')).toMatchObject({ host: '::1', port: 6432, password: undefined });
  });
  it('reads passwords with unencoded / ? # (the authority runs to the last @ of the URL)', () => {
    expect(parseEndpoint('postgresql://app:12/ss@127.0.0.1:1/db')).toMatchObject({ user: 'app', password: '12/ss', host: '127.0.0.1', port: 1, database: 'db' });
    expect(parseEndpoint('postgresql://app:a#b?c@h:5/db?sslmode=disable')).toMatchObject({ password: 'a#b?c', host: 'h', port: 5, database: 'db', sslmode: 'disable' });
    expect(urlThroughProxy('postgresql://app:12/ss@h:5/db?sslmode=require', 7000)).toBe('postgresql://app:12/ss@127.0.0.1:7000/db?sslmode=disable');
  });
  it.each([['mysql://u:p@h/db'], ['postgresql://u:%zz@h/db'], ['postgresql://u@h:99999/db'], ['']])('rejects %s with a clear error', (u) => {
    expect(() => parseEndpoint(u)).toThrow(BadUrlError);
  });
});
