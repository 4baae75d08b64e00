import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { REPO } from '../support/python.js';
import { startServers, type Servers, type Via } from '../support/servers.js';

/**
 * `pooler-safe --url`: the same codemod, writing only what the probed endpoint needs. Dry runs on
 * the truth-table apps (their real behaviour per endpoint is in truth-table.test.ts), against real
 * PostgreSQL, PgBouncer 1.18 and PgBouncer 1.24.
 */
const TT = path.join(REPO, 'fixtures/truth-table');
let servers: Servers;
beforeAll(async () => {
  servers = await startServers({ modern: true });
});
afterAll(() => servers?.stop());

interface Report {
  files: { path: string; edits: { kind: string; description: string }[] }[];
  followUps: { message: string }[];
  notes: string[];
}
const run = (fixture: string, via?: Via) => {
  const r = cli(['pooler-safe', path.join(TT, fixture), '--json', ...(via ? ['--url', servers.url(null, via)] : [])], REPO);
  expect(r.code, r.stderr).toBe(0);
  const rep = JSON.parse(r.stdout) as Report;
  return { ...rep, edits: rep.files.flatMap((f) => f.edits).filter((e) => e.kind !== 'todo-marker'), text: JSON.stringify(rep) };
};

describe('pooler-safe --url writes only what that endpoint needs', () => {
  it('PostgreSQL directly and session mode: nothing, with the reason for each change left out', () => {
    for (const via of ['direct', 'session'] as const) {
      const r = run('asyncpg-default', via);
      expect(r.edits, via).toEqual([]);
      expect(r.notes.some((n) => /not needed on .*asyncpg\.connect\(\): statement_cache_size=0 \(the endpoint gives each client its own server connection\)/.test(n)), r.notes.join('\n')).toBe(true);
    }
    expect(run('asyncpg-default').edits.length).toBe(1); // without --url: what any pooler needs
  });

  it('PgBouncer 1.18 and 1.24 with max_prepared_statements = 0: the same change as without --url', () => {
    for (const via of ['bouncer', 'modern0'] as const) {
      const r = run('asyncpg-default', via);
      expect(r.edits.map((e) => e.description), via).toEqual(run('asyncpg-default').edits.map((e) => e.description));
      expect(r.notes[0]).toMatch(/named statements are not kept/);
    }
  });

  it('PgBouncer 1.24 (keeps named statements): nothing for threshold 5 on the binary wheel (libpq 17+)', () => {
    const r = run('psycopg-threshold-5', 'modern');
    expect(r.edits).toEqual([]);
    expect(r.notes.join('\n')).toMatch(/not needed on .*prepare_threshold=None \(the pooler keeps protocol-level named statements\)/);
  });

  it('PgBouncer 1.24: prepare_threshold=None where psycopg on the system libpq evicts by SQL DEALLOCATE, which failed there', () => {
    const r = run('psycopg-evicting-libpq15', 'modern');
    expect(r.edits.map((e) => e.description).join('\n')).toMatch(/prepare_threshold=0 -> None/);
    expect(r.notes[0]).toMatch(/SQL DEALLOCATE fails there/);
    expect(r.notes.join('\n')).toMatch(/needed on .*psycopg\.AsyncConnection\.connect\(\): prepare_threshold=None \(psycopg evicts its cache by SQL DEALLOCATE on libpq < 17, which failed on this endpoint\)/);
  });

  it('PgBouncer 1.24: a marker at every SQL-level PREPARE, which no setting fixes', () => {
    const r = run('psycopg-sql-prepare', 'modern');
    expect(r.followUps.filter((f) => /SQL-level PREPARE/.test(f.message)).length).toBe(3);
    const direct = run('psycopg-sql-prepare', 'direct');
    expect(direct.followUps).toEqual([]);
  });

  it('an endpoint that cannot be probed: one line, exit 2, no password', () => {
    const r = cli(['pooler-safe', path.join(TT, 'asyncpg-default'), '--url', 'postgresql://app:s3cret-pw@127.0.0.1:1/appdb'], REPO);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot probe 127\.0\.0\.1:1\/appdb: cannot reach the server/);
    expect(r.stdout + r.stderr).not.toContain('s3cret-pw');
    const other = cli(['asyncpg-to-psycopg', path.join(TT, 'asyncpg-default'), '--url', 'postgresql://x@127.0.0.1:1/db'], REPO);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/Unknown argument|--url/);
  });
});
