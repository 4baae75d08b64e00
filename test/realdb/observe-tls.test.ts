import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from '../support/cli.js';
import { APP_PASSWORD, APP_USER, startCluster, type Cluster } from '../support/cluster.mjs';
import { REPO } from '../support/python.js';

/** A server that refuses every non-TLS connection: verify and its proxy must honour sslmode upstream. */
let cluster: Cluster;
beforeAll(async () => {
  cluster = await startCluster([], { tlsOnly: true });
});
afterAll(() => cluster?.stop());

const url = (mode: string) => `postgresql://${APP_USER}:${APP_PASSWORD}@127.0.0.1:${cluster.pgPort}/appdb?sslmode=${mode}`;
const APP = path.join(REPO, 'fixtures/truth-table/pg-unnamed');

describe('TLS upstream, per sslmode', () => {
  it('sslmode=require: probes and the proxy speak TLS upstream while the command talks plain to the proxy', () => {
    const r = cli(['verify', APP, '--url', url('require'), '--', process.execPath, path.join(REPO, 'test/node/truth-workload.mjs'), APP, 'env'], REPO);
    expect(r.stdout).toContain('{"ok":800,"errors":0,"wrong":0');
    expect(r.stdout).toMatch(/observed \(20 connections/);
    expect(r.code).toBe(0);
  });

  it('sslmode=verify-full against a self-signed certificate is undecidable, in one line', () => {
    const r = cli(['verify', APP, '--url', url('verify-full')], REPO);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^migrate-driver: undecidable: TLS failed/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('sslmode=disable is refused by a TLS-only server, and verify says so', () => {
    const r = cli(['verify', APP, '--url', url('disable')], REPO);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/undecidable/);
    expect(r.stdout + r.stderr).not.toContain(APP_PASSWORD);
  });
});
