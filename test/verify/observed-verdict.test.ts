import { describe, expect, it } from 'vitest';
import type { ProbeResult } from '../../src/verify/live/probe.js';
import { judgeObservation, type CommandRun } from '../../src/verify/observe/proof.js';
import type { Observation } from '../../src/verify/observe/recorder.js';
import type { Site } from '../../src/verify/static/site.js';
import { decide, decideObserved } from '../../src/verify/verdict.js';

/** An observation proves only what it saw: whatever the endpoint, an empty or failed one never makes "unknown" safe. */
const site = (kind: 'unknown' | 'never'): Site => ({ path: 'app.py', line: 5, column: 8, driver: 'psycopg', settings: [], policy: { kind, why: 'test' }, fix: '' });
const probe = (sharing: ProbeResult['sharing'], keepsNamed: boolean | null = null): ProbeResult => ({ ok: true, sharing, evidence: [], keepsNamed, hints: [], wallMs: 1 });
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
