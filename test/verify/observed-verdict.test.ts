import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../src/verify/live/probe.js';
import { judgeObservation, type CommandRun } from '../../src/verify/observe/proof.js';
import type { Observation } from '../../src/verify/observe/recorder.js';
import type { Site } from '../../src/verify/static/site.js';
import { decide, decideObserved } from '../../src/verify/verdict.js';

/** An observation proves only what it saw: whatever the endpoint, an empty or failed one never makes "unknown" safe. */
const site = (kind: 'unknown' | 'never'): Site => ({ path: 'app.py', line: 5, column: 8, driver: 'psycopg', settings: [], policy: { kind, why: 'test' }, fix: '' });
const probe = (sharing: ProbeResult['sharing'], keepsNamed: boolean | null = null, more: Partial<ProbeResult> = {}): ProbeResult => ({ ok: true, sharing, evidence: [], keepsNamed, sqlDeallocate: null, hints: [], wallMs: 1, ...more });
const seen = (o: Partial<Observation>): Observation => ({ clients: 0, connections: 0, statements: 0, notPostgres: 0, upstreamFailed: 0, named: [], sqlPrepare: [], errors: [], warnings: [], ...o });

const EMPTY: [string, Observation, CommandRun, string][] = [
  ['never connected', seen({}), { exit: 0 }, 'the command never connected to the proxy (does it read DATABASE_URL?)'],
  ['random bytes', seen({ notPostgres: 2 }), { exit: 0 }, '2 connections to the proxy did not speak the PostgreSQL protocol'],
  ['refused at start-up', seen({ clients: 1 }), { exit: 0 }, '1 connection reached the server but none completed start-up (refused by the server?)'],
  ['upstream down', seen({ upstreamFailed: 3 }), { exit: 0 }, 'the proxy could not reach the server for 3 connections'],
  ['no statement', seen({ clients: 1, connections: 1 }), { exit: 0 }, '1 connection completed start-up but sent no statement'],
  ['command not found', seen({}), { exit: 127, startError: 'command not found: nope' }, 'the command did not start'],
];

describe('an observation that proved nothing', () => {
  for (const [name, obs, run, why] of EMPTY) {
    it(`${name}: says why, and the verdict is the one without observation (or undecidable)`, () => {
      const o = judgeObservation(obs, run, 'DATABASE_URL');
      expect(o.provedNothing).toBe(why);
      for (const p of [probe('shared', false), probe('unknown')]) {
        const without = decide([site('unknown')], p);
        const v = decideObserved([site('unknown')], p, o);
        expect(without.exit).toBe(1);
        expect(v.exit).toBe(1);
        expect(v.summary).toMatch(/the observation proved nothing$/);
      }
    });
  }

  it('a failed command with nothing seen is undecidable where the audit alone says safe', () => {
    const o = judgeObservation(seen({}), { exit: 127, startError: 'command not found: nope' }, 'DATABASE_URL');
    const v = decideObserved([site('never')], probe('shared', false), o);
    expect(v.exit).toBe(2);
    expect(v.summary).toBe('undecidable (the command could not be started: command not found: nope): the observation proved nothing');
  });

  it('real traffic with nothing named still proves the unknown site that ran', () => {
    const o = judgeObservation(seen({ clients: 2, connections: 2, statements: 40 }), { exit: 0 }, 'DATABASE_URL');
    expect(o.provedNothing).toBeNull();
    const v = decideObserved([site('unknown')], probe('shared', false), o);
    expect(v.exit).toBe(0);
    expect(v.summary).toMatch(/2 connections and 40 statements/);
  });
});

describe('no connection site at all', () => {
  it('is undecidable behind a pooler that may share connections, never safe', () => {
    for (const sharing of ['shared', 'unknown'] as const) {
      const v = decide([], probe(sharing, false));
      expect(v.exit).toBe(2);
      expect(v.summary).toMatch(/no connection site was found/);
    }
    // Where the endpoint itself is safe, the code does not matter.
    expect(decide([], probe('not-shared')).exit).toBe(0);
    expect(decide([site('never')], probe('shared', false)).exit).toBe(0);
  });
});

describe('a pooler that keeps named statements', () => {
  it('is safe for protocol-level statements, but not for SQL-level PREPARE in the code', () => {
    expect(decide([site('unknown')], probe('shared', true)).exit).toBe(0);
    const sql: Site = { ...site('never'), driver: 'sql', policy: { kind: 'named-immediately', why: 'SQL PREPARE' }, keepingPooler: 'SQL-level PREPARE is forwarded untracked' };
    const v = decide([sql], probe('shared', true));
    expect(v.exit).toBe(1);
    expect(v.offending).toEqual([sql]);
  });
});

describe('what a statement-keeping pooler still breaks depends on what the probe saw', () => {
  const evicting: Site = { ...site('never'), policy: { kind: 'named-after', uses: 5, why: 'threshold 5' }, keepingPooler: 'psycopg evicts by SQL DEALLOCATE', keepingNeeds: 'sql-deallocate' };
  const discardAll: Site = { ...site('never'), driver: 'sql', keepingPooler: 'DISCARD ALL', keepingNeeds: 'deallocate-all' };

  it('psycopg eviction by SQL DEALLOCATE: unsafe where it failed or was not tested, safe where it worked', () => {
    expect(decide([evicting], probe('shared', true, { sqlDeallocate: 'breaks' })).exit).toBe(1);
    expect(decide([evicting], probe('shared', true, { sqlDeallocate: null })).exit).toBe(1);
    expect(decide([evicting], probe('shared', true, { sqlDeallocate: 'works' })).exit).toBe(0);
    expect(decide([evicting], probe('shared', true, { sqlDeallocate: 'breaks' })).summary).toMatch(/seen here: SQL DEALLOCATE failed/);
  });

  it('DEALLOCATE ALL / DISCARD ALL: safe only on a version known to handle it (PgBouncer >= 1.22)', () => {
    expect(decide([discardAll], probe('shared', true, { poolerVersion: 'PgBouncer 1.21.0' })).exit).toBe(1);
    expect(decide([discardAll], probe('shared', true, { poolerVersion: null })).exit).toBe(1);
    expect(decide([discardAll], probe('shared', true)).summary).toMatch(/could not be read/);
    expect(decide([discardAll], probe('shared', true, { poolerVersion: 'PgBouncer 1.22.1' })).exit).toBe(0);
    expect(decide([discardAll], probe('shared', true, { poolerVersion: 'PgBouncer 2.0.0' })).exit).toBe(0);
    // Where named statements are not kept, it prepares nothing: not a reason for "unsafe".
    expect(decide([discardAll], probe('shared', false)).exit).toBe(0);
  });

  it('observed: SQL PREPARE or prepared-statement errors on the wire make it unsafe even there', () => {
    const ran = (o: Partial<Observation>) => judgeObservation(seen({ clients: 1, connections: 1, statements: 10, ...o }), { exit: 0 }, 'DATABASE_URL');
    expect(decideObserved([site('never')], probe('shared', true), ran({})).exit).toBe(0);
    expect(decideObserved([site('never')], probe('shared', true), ran({ sqlPrepare: [{ kind: 'PREPARE', text: 'PREPARE q AS select 1', count: 3 }] })).exit).toBe(1);
    expect(decideObserved([site('never')], probe('shared', true), ran({ errors: [{ code: '26000', message: 'prepared statement "_pg3_1" does not exist', count: 2 }] })).exit).toBe(1);
    const all = ran({ sqlPrepare: [{ kind: 'DEALLOCATE', text: 'DEALLOCATE ALL', count: 1 }] });
    expect(decideObserved([site('never')], probe('shared', true, { poolerVersion: 'PgBouncer 1.24.1' }), all).exit).toBe(0);
    expect(decideObserved([site('never')], probe('shared', true, { poolerVersion: 'PgBouncer 1.21.0' }), all).exit).toBe(1);
  });
});
