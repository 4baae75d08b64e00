import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { signalPid, waitForPid } from '../support/cluster.mjs';

/** The harness must never signal its own process group: a pidfile read too early holds "" (Number('') is 0). */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-pid-'));
const sleepers: number[] = [];
afterAll(() => {
  for (const pid of sleepers) signalPid(pid, 'SIGKILL');
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('cluster harness: PIDs', () => {
  it('waits while the pidfile is empty and returns the live PID written later, never 0', async () => {
    const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
    sleepers.push(sleeper.pid!);
    const file = path.join(tmp, 'bouncer.pid');
    fs.writeFileSync(file, ''); // created, not yet written: what a daemon's pidfile looks like for a moment
    setTimeout(() => fs.writeFileSync(file, `${sleeper.pid}\n`), 150);
    await expect(waitForPid(file, 3000)).resolves.toBe(sleeper.pid);
  });

  it('never accepts 0, 1, a negative number or a dead process', async () => {
    const dead = spawnSync('true').pid;
    for (const text of ['', '0', '1', '-1', 'abc', String(dead)]) {
      const file = path.join(tmp, `bad-${text || 'empty'}.pid`);
      fs.writeFileSync(file, text);
      await expect(waitForPid(file, 100), JSON.stringify(text)).rejects.toThrow(/no live server PID/);
    }
  });

  it('refuses to signal PIDs <= 1 (0 is its own process group, -1 every process, 1 init)', () => {
    // process.kill is stubbed: even a regression must not send anything real from here.
    const calls: unknown[] = [];
    const real = process.kill;
    process.kill = ((pid: number) => {
      calls.push(pid);
      return true;
    }) as typeof process.kill;
    try {
      const sent = [0, 1, -1, -process.pid, NaN, 1.5, 4242].map((p) => signalPid(p, 'SIGTERM'));
      expect(sent).toEqual([false, false, false, false, false, false, true]);
      expect(calls).toEqual([4242]);
    } finally {
      process.kill = real;
    }
  });
});
