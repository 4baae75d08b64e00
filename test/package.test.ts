import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyTree, SEED_FIXTURE } from './support/cli.js';
import { REPO } from './support/python.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-pack-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the npm package', () => {
  it('installs from its tarball and runs as `npx migrate-driver`', () => {
    const tgz = execFileSync('npm', ['pack', '--silent', '--pack-destination', dir], { cwd: REPO, encoding: 'utf8' }).trim().split('\n').pop()!;
    const app = path.join(dir, 'consumer');
    fs.mkdirSync(app);
    fs.writeFileSync(path.join(app, 'package.json'), '{"name":"consumer","version":"1.0.0","private":true}\n');
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--silent', path.join(dir, tgz)], { cwd: app, stdio: 'pipe', timeout: 180_000 });
    const help = spawnSync('npx', ['--no-install', 'migrate-driver', '--help'], { cwd: app, encoding: 'utf8' });
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('asyncpg-to-psycopg');
    const target = copyTree(SEED_FIXTURE);
    const dry = spawnSync('npx', ['--no-install', 'migrate-driver', 'asyncpg-to-psycopg', target], { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
    fs.rmSync(target, { recursive: true, force: true });
    // npm itself may warn about the machine's own config; migrate-driver must print nothing there.
    expect(dry.stderr.split('\n').filter((l) => l && !l.startsWith('npm warn'))).toEqual([]);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('+        "prepare_threshold": None,');
  }, 240_000);
});
