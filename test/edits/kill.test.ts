import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, expect, it } from 'vitest';

// kill -9 during a real 20,000-file --write, at random moments spread over the write's duration;
// then the real CLI runs on the tree as "the next run". Each write also creates three files (first,
// middle and last in the write): all-old means they do not exist. Needs `npm run build` first.

const REPO = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(REPO, 'bin/migrate-driver.js');
const CHILD = path.join(import.meta.dirname, 'kill-child.mjs');
const N = 20_000;
const TRIALS = 20;
const JOURNAL = '.migrate-driver-journal';

function isWritableDir(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.W_OK);
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

const name = (i: number) => `f${String(i).padStart(5, '0')}.txt`;
// A kill -9 leaves the page cache intact, so what is tested here does not depend on the disk; a
// RAM file system (when there is one) keeps 20 writes of 20,000 fsync'd files quick on a busy disk.
// MIGRATE_DRIVER_KILL_TMP=/some/folder runs the trials there instead.
const base = process.env.MIGRATE_DRIVER_KILL_TMP ?? (isWritableDir('/dev/shm') ? '/dev/shm' : os.tmpdir());
const dir = fs.mkdtempSync(path.join(base, 'migrate-driver-kill-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const CREATED = 3;
const createdName = (prefix: string, k: number) => `${prefix}-${k}.txt`;

/**
 * Runs the writing child; kills it with SIGKILL `killAfterMs` after it starts writing (never when
 * null). With `create`, the write also creates the files `createdName(create, 0..2)`.
 */
function write(from: string, to: string, killAfterMs: number | null, create?: string): Promise<{ ms: number; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dir, from, to, String(N), ...(create ? [create] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    let started = 0;
    let timer: NodeJS.Timeout | undefined;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdout.on('data', (d: Buffer) => {
      if (started || !d.toString().includes('ready')) return;
      started = performance.now();
      if (killAfterMs === null) return;
      timer = setTimeout(() => {
        // Only the child itself, and only while it runs.
        if (child.pid !== undefined && child.pid > 1 && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }, killAfterMs);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`the writing child failed (${code}): ${stderr}`));
      else resolve({ ms: performance.now() - started, killed: signal === 'SIGKILL' });
    });
  });
}

/** What the tree holds: how many files have each content, and the names no file of the tree has. */
function census(): { counts: Record<string, number>; extra: string[] } {
  const counts: Record<string, number> = {};
  for (let i = 0; i < N; i++) {
    let b: string;
    try {
      b = fs.readFileSync(path.join(dir, name(i)), 'utf8');
    } catch {
      b = 'missing';
    }
    const k = b === `old ${i}\n` ? 'old' : b === `new ${i}\n` ? 'new' : b === 'missing' ? 'missing' : 'other';
    counts[k] = (counts[k] ?? 0) + 1;
  }
  const names = new Set(Array.from({ length: N }, (_, i) => name(i)));
  // Files earlier trials created are part of the tree; their temps start with a dot and stay "extra".
  return { counts, extra: fs.readdirSync(dir).filter((n) => !names.has(n) && !/^created-\d+-\d\.txt$/.test(n)) };
}

/** "absent" when none of a write's files to create exists, "created" when all do with their content, else what each is. */
function createdState(prefix: string): string {
  const each = Array.from({ length: CREATED }, (_, k) => {
    const p = path.join(dir, createdName(prefix, k));
    const st = fs.lstatSync(p, { throwIfNoEntry: false });
    if (!st) return 'absent';
    return st.isFile() && fs.readFileSync(p, 'utf8') === `created ${prefix}-${k}\n` ? 'created' : 'other';
  });
  return each.every((s) => s === each[0]) ? each[0]! : each.join(',');
}

function journalPhase(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, JOURNAL), 'utf8')).phase;
  } catch {
    return fs.existsSync(path.join(dir, `${JOURNAL}.new`)) ? 'being created' : 'none';
  }
}

it(`kill -9 during a ${N}-file write, ${TRIALS} times: the next run leaves all-old or all-new`, async () => {
  expect(fs.existsSync(path.join(REPO, 'dist/src/edits/recover.js')), 'run `npm run build` first').toBe(true);
  const t0 = performance.now();
  for (let i = 0; i < N; i++) fs.writeFileSync(path.join(dir, name(i)), `old ${i}\n`);

  // Two writes to the end: the second gives the real duration (the first, on freshly created
  // files, is faster than the rest). The kills are spread over it and past it.
  await write('old', 'new', null);
  const full = await write('new', 'old', null);
  let state = 'old';
  const span = full.ms * 1.3;
  const rows: { at: string; phase: string; outcome: string; result: string; created: string; tempsBefore: number; tempsLeft: number }[] = [];

  for (let trial = 0; trial < TRIALS; trial++) {
    const from = state;
    const to = state === 'old' ? 'new' : 'old';
    const delay = (span * (trial + Math.random())) / TRIALS; // one random moment in each twentieth
    const prefix = `created-${trial}`;
    await write(from, to, delay, prefix);
    const phase = journalPhase();
    const tempsBefore = fs.readdirSync(dir).filter((n) => n.includes('migrate-driver')).length;

    const args = trial % 2 ? ['pooler-safe', dir] : ['audit', dir]; // a codemod dry run, or an audit
    const run = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 120_000 });
    expect(run.status, run.stderr).toBe(0);
    const said = run.stderr.split('\n').filter((l) => l.includes('interrupted --write'));

    const { counts, extra } = census();
    expect(extra, 'temp, backup or journal files left').toEqual([]);
    expect(Object.keys(counts), `trial ${trial}: ${JSON.stringify(counts)}`).toHaveLength(1); // all one side, none missing
    state = Object.keys(counts)[0]!;
    expect(['old', 'new']).toContain(state);
    // The created files follow the edited ones: absent when the write was undone, all there when it was done.
    const created = createdState(prefix);
    expect(created, `trial ${trial}: files to create`).toBe(state === from ? 'absent' : 'created');

    // The line must say what happened, and match the tree.
    if (phase === 'staging' || phase === 'rolling-back') expect(said).toEqual([expect.stringMatching(new RegExp(`^migrate-driver: an interrupted --write \\(${N + CREATED} files\\) in .* was rolled back; every file is as it was before$`))]);
    if (phase === 'swapping') expect(said).toEqual([expect.stringMatching(new RegExp(`^migrate-driver: an interrupted --write \\(${N + CREATED} files\\) in .* was completed; every file has the new content$`))]);
    if (phase === 'being created') expect(said).toEqual([expect.stringMatching(/had not changed anything yet/)]);
    if (phase === 'none') expect(said).toEqual([]);
    const outcome = said.length ? (/rolled back|completed|had not changed/.exec(said[0]!)?.[0] ?? '?') : 'nothing to do';
    if (outcome === 'rolled back' || outcome === 'had not changed') expect(state).toBe(from);
    if (outcome === 'completed') expect(state).toBe(to);
    rows.push({ at: `${Math.round((100 * delay) / full.ms)}%`, phase, outcome, result: state === from ? 'all-old' : 'all-new', created, tempsBefore, tempsLeft: extra.length });
  }

  const count = (k: keyof (typeof rows)[0], v: string | number) => rows.filter((r) => r[k] === v).length;
  console.log(
    `kill -9 trials on ${N} files in ${base} (full write ${Math.round(full.ms)} ms, total ${Math.round((performance.now() - t0) / 1000)} s):\n` +
      rows.map((r, i) => `  #${String(i + 1).padStart(2)} killed at ${r.at.padStart(4)} of the write  journal: ${r.phase.padEnd(13)} next run: ${r.outcome.padEnd(15)} -> ${r.result} (new files ${r.created.padEnd(7)}), temp files ${r.tempsBefore} before, ${r.tempsLeft} after`).join('\n') +
      `\n  trials ${rows.length}, all-old (as before the write) ${count('result', 'all-old')}, all-new ${count('result', 'all-new')}, mixed 0, ` +
      `temp files left ${rows.reduce((s, r) => s + r.tempsLeft, 0)}; most temp files seen before recovery ${Math.max(...rows.map((r) => r.tempsBefore))}`,
  );
  expect(rows).toHaveLength(TRIALS);
}, 600_000); // about a minute on an idle disk; far more when other work keeps it busy
