import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { REPO } from '../support/python.js';
import { startServers, type Servers } from '../support/servers.js';

/**
 * What verify learns from a statement-keeping pooler beyond "it keeps named statements": whether
 * SQL DEALLOCATE of one fails there, and the pooler's version where DEALLOCATE ALL / DISCARD ALL
 * turn on it. Real PgBouncer 1.24 (built by scripts/test-env.sh) and 1.18.
 */
const TT = path.join(REPO, 'fixtures/truth-table');
let servers: Servers;
beforeAll(async () => {
  servers = await startServers({ modern: true });
});
afterAll(() => servers?.stop());

const verify = (fixture: string, url: string) => {
  const r = cli(['verify', path.join(TT, fixture), '--url', url, '--json'], REPO);
  return { code: r.code, out: JSON.parse(r.stdout) as { endpoint: { keepsNamed: boolean | null; sqlDeallocate: string | null; poolerVersion?: string | null; evidence: string[] }; verdict: { summary: string } } };
};

describe('a statement-keeping pooler (PgBouncer 1.24, max_prepared_statements 200)', () => {
  it('SQL DEALLOCATE of a named statement is seen to fail there, and decides psycopg eviction on libpq 15', () => {
    const { code, out } = verify('psycopg-evicting-libpq15', servers.url(null, 'modern'));
    expect(out.endpoint.keepsNamed).toBe(true);
    expect(out.endpoint.sqlDeallocate).toBe('breaks');
    expect(code).toBe(1);
    expect(out.verdict.summary).toMatch(/seen here: SQL DEALLOCATE failed/);
  });

  it('the same config with the binary wheel (libpq 17+) is safe there', () => {
    const { code, out } = verify('psycopg-evicting-binary', servers.url(null, 'modern'));
    expect(out.endpoint.sqlDeallocate).toBe('breaks');
    expect(code).toBe(0);
  });

  it('DISCARD ALL in the code: the version is read from the admin console, and 1.24 handles it', () => {
    const { code, out } = verify('pg-discard-all', servers.url(null, 'modern'));
    expect(out.endpoint.poolerVersion).toMatch(/^PgBouncer 1\.24\./);
    expect(code).toBe(0);
  });

  it('the version is not asked where it decides nothing', () => {
    const { out } = verify('psycopg-threshold-5', servers.url(null, 'modern'));
    expect(out.endpoint.poolerVersion).toBeUndefined();
    // PgBouncer 1.18 keeps nothing: no DEALLOCATE probe at all.
    const old = verify('pg-discard-all', servers.url(null, 'bouncer'));
    expect(old.out.endpoint.keepsNamed).toBe(false);
    expect(old.out.endpoint.sqlDeallocate).toBeNull();
    expect(old.code).toBe(0);
  });
});

describe('start-up parameters the code sends', () => {
  it('asyncpg server_settings: refused by PgBouncer in every mode, fine directly', () => {
    for (const via of ['bouncer', 'session', 'modern'] as const) {
      const { code, out } = verify('asyncpg-server-settings', servers.url(null, via));
      expect(code, via).toBe(1);
      expect(out.verdict.summary).toMatch(/refuses the start-up parameters.*unsupported startup parameter: jit/);
    }
    expect(verify('asyncpg-server-settings', servers.url(null, 'direct')).code).toBe(0);
  });
});

describe('a start-up parameter whose value cannot be read', () => {
  it('is not proven to get through a pooler that filters them, and does not matter directly', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-startup-'));
    try {
      fs.writeFileSync(path.join(dir, 'app.py'), 'import os\nimport psycopg\n\nasync def open(url):\n    return await psycopg.AsyncConnection.connect(url, prepare_threshold=None, options=os.environ["PG_OPTIONS"])\n');
      const at = (via: 'modern' | 'direct') => {
        const r = cli(['verify', dir, '--url', servers.url(null, via), '--json'], REPO);
        return { code: r.code, summary: (JSON.parse(r.stdout) as { verdict: { summary: string } }).verdict.summary };
      };
      const pooled = at('modern');
      expect(pooled.code).toBe(1);
      expect(pooled.summary).toMatch(/filters start-up parameters, and the value of options could not be read/);
      expect(at('direct').code).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
