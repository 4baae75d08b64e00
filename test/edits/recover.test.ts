import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitWrites } from '../../src/edits/atomic-write.js';
import { JOURNAL_NAME } from '../../src/edits/journal.js';
import { findJournals, recoverFolder } from '../../src/edits/recover.js';
import { dyingFs, hookedFs, leftovers, makeTree, survive, treeState, type Op, type Tree } from './support.js';

let t: Tree;
afterEach(() => fs.rmSync(t.dir, { recursive: true, force: true }));

const journalFile = () => path.join(t.dir, JOURNAL_NAME);
const target = (i: number) => t.writes[i]!.absPath;
const swapping = (i: number) => (op: Op, a: unknown[]) => op === 'renameSync' && a[1] === target(i);

/** Runs the write on a file system where the process dies when `dies` says so; `create`: files the write creates. */
async function killedWrite(dies: (op: Op, a: unknown[], n: number) => boolean, n = 3, create: number[] = []): Promise<void> {
  t = makeTree(n, { nested: true, create });
  await survive(() => commitWrites(t.writes, { root: t.dir, fs: dyingFs(dies).fs }));
}

/** The outcome a recovery line announces, checked against the tree. */
function expectConsistent(line: string | null): 'old' | 'new' {
  const state = treeState(t);
  expect(['old', 'new']).toContain(state);
  if (line?.includes('rolled back') || line?.includes('had not changed anything')) expect(state).toBe('old');
  if (line?.includes('completed')) expect(state).toBe('new');
  expect(leftovers(t.dir)).toEqual([]);
  return state as 'old' | 'new';
}

describe('recovering a killed --write', () => {
  // Edits only; then files created among the edited ones (first, middle and last in the write),
  // for which "old" means the file does not exist.
  for (const [n, create] of [
    [3, []],
    [5, [0, 2, 4]],
  ] as const) {
    it(`at every single file-system call, the next run leaves all-old or all-new and no temp files (${n} files, ${create.length} created)`, async () => {
      t = makeTree(n, { nested: true, create: [...create] });
      const total = dyingFs(() => false);
      await commitWrites(t.writes, { root: t.dir, fs: total.fs });
      fs.rmSync(t.dir, { recursive: true });

      const outcomes = new Map<string, number>();
      for (let k = 1; k <= total.calls(); k++) {
        await killedWrite((_op, _a, c) => c === k, n, [...create]);
        const journal = fs.existsSync(journalFile()) ? JSON.parse(fs.readFileSync(journalFile(), 'utf8')) : null;
        if (journal && create.length) expect(journal.files.filter((e: { old: string }) => e.old === 'absent')).toHaveLength(create.length);
        const line = recoverFolder(t.dir);
        const state = expectConsistent(line);
        // All-old includes every file to create being absent (no empty or partial file left).
        for (const i of create) expect(fs.lstatSync(target(i), { throwIfNoEntry: false }) === undefined).toBe(state === 'old');
        const what = line === null ? 'no journal' : (/rolled back|completed|had not changed anything/.exec(line)?.[0] ?? line);
        const key = `${state}: ${what}`;
        outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
        expect(fs.existsSync(journalFile())).toBe(false);
        fs.rmSync(t.dir, { recursive: true });
      }
      // Kills before the journal, while staging, while swapping and after the end all happened.
      expect([...outcomes.keys()].sort()).toEqual(['new: completed', 'new: no journal', 'old: had not changed anything', 'old: no journal', 'old: rolled back']);
    });
  }

  it('says what it did in one line', async () => {
    await killedWrite(swapping(1));
    const line = recoverFolder(t.dir);
    expect(line).toBe(`an interrupted --write (3 files) in ${t.dir} was completed; every file has the new content`);
    expect(treeState(t)).toBe('new');
  });

  it('a kill during recovery is recovered by the next run', async () => {
    for (const dies of [swapping(1), swapping(2), (op: Op, a: unknown[]) => op === 'openSync' && String(a[0]).includes('f1.py.migrate-driver')]) {
      await killedWrite(dies);
      let k = 1;
      for (; ; k++) {
        // A fresh copy of the killed state for each point where recovery itself is killed.
        const copy = `${t.dir}-copy`;
        fs.cpSync(t.dir, copy, { recursive: true });
        const recovery = dyingFs((_op, _a, n) => n === k);
        recoverFolder(t.dir, recovery.fs);
        const finished = !recovery.died();
        expectConsistent(recoverFolder(t.dir));
        fs.rmSync(t.dir, { recursive: true });
        fs.renameSync(copy, t.dir);
        if (finished) break;
      }
      expect(k).toBeGreaterThan(10); // recovery was killed at each of its first k - 1 calls
      fs.rmSync(t.dir, { recursive: true });
    }
  });

  const linking = (i: number) => (op: Op, a: unknown[]) => op === 'linkSync' && a[1] === target(i);

  it('a kill during the recovery of a write that creates files is recovered by the next run', async () => {
    // Killed while linking the second new file (completed by recovery), and while staging (rolled back).
    const scenarios: [string, (op: Op, a: unknown[]) => boolean][] = [
      ['completes', linking(3)],
      ['rolls back', (op, a) => op === 'openSync' && String(a[0]).includes('f3.py.migrate-driver')],
    ];
    for (const [, dies] of scenarios) {
      await killedWrite(dies, 4, [1, 3]);
      let k = 1;
      for (; ; k++) {
        const copy = `${t.dir}-copy`;
        fs.cpSync(t.dir, copy, { recursive: true });
        const recovery = dyingFs((_op, _a, n) => n === k);
        recoverFolder(t.dir, recovery.fs);
        const finished = !recovery.died();
        expectConsistent(recoverFolder(t.dir));
        fs.rmSync(t.dir, { recursive: true });
        fs.renameSync(copy, t.dir);
        if (finished) break;
      }
      expect(k).toBeGreaterThan(5);
      fs.rmSync(t.dir, { recursive: true });
    }
  });

  it('completes a write that creates files: the journal says "absent" for them, and they are linked into place', async () => {
    await killedWrite(linking(3), 4, [1, 3]);
    const j = JSON.parse(fs.readFileSync(journalFile(), 'utf8'));
    expect([j.version, j.phase, j.files.map((e: { old: string }) => (e.old === 'absent' ? 'absent' : 'hash'))]).toEqual([2, 'swapping', ['hash', 'absent', 'hash', 'absent']]);
    expect(fs.existsSync(target(1))).toBe(true);
    expect(fs.existsSync(target(3))).toBe(false);
    expect(recoverFolder(t.dir)).toBe(`an interrupted --write (4 files) in ${t.dir} was completed; every file has the new content`);
    expect(treeState(t)).toBe('new');
    expect(fs.statSync(target(3)).nlink).toBe(1);
    expect(leftovers(t.dir)).toEqual([]);
  });

  it('never completes over a file that someone created meanwhile: it is kept and named', async () => {
    await killedWrite(linking(3), 4, [1, 3]);
    fs.writeFileSync(target(3), 'mine\n');
    expect(recoverFolder(t.dir)).toBe(`an interrupted --write (4 files) in ${t.dir} was completed; left as they are, changed since the write began: ${t.names[3]} (was created by someone else)`);
    expect(fs.readFileSync(target(3), 'utf8')).toBe('mine\n');
    expect([0, 1, 2].every((i) => fs.readFileSync(target(i)).equals(t.writes[i]!.content))).toBe(true);
    expect(leftovers(t.dir)).toEqual([]);
  });

  /** A write that failed at f3 and was killed while undoing, just before removing the file it created at f2. */
  async function killedWhileUndoing(): Promise<void> {
    t = makeTree(4, { nested: true, create: [0, 2] });
    let failed = false;
    let dead = false;
    const f = hookedFs((op, a) => {
      if (!failed && op === 'linkSync' && a[0] === target(3)) {
        failed = true;
        throw new Error('injected link failure');
      }
      if (dead || (failed && op === 'unlinkSync' && a[0] === target(2))) {
        dead = true;
        throw new Error('killed');
      }
    });
    await survive(() => commitWrites(t.writes, { root: t.dir, fs: f }));
    expect(JSON.parse(fs.readFileSync(journalFile(), 'utf8')).phase).toBe('rolling-back');
  }

  it('rolls back a write that creates files by removing them', async () => {
    await killedWhileUndoing();
    expect(fs.existsSync(target(0))).toBe(true);
    expect(recoverFolder(t.dir)).toBe(`an interrupted --write (4 files) in ${t.dir} was rolled back; every file is as it was before`);
    expect(treeState(t)).toBe('old');
    expect(fs.existsSync(target(0)) || fs.existsSync(target(2))).toBe(false);
    expect(leftovers(t.dir)).toEqual([]);
  });

  it('rolling back keeps a created file that someone edited since, and names it', async () => {
    await killedWhileUndoing();
    fs.appendFileSync(target(0), '# mine\n');
    expect(recoverFolder(t.dir)).toBe(`an interrupted --write (4 files) in ${t.dir} was rolled back; left as they are, changed since the write began: ${t.names[0]} (was created by someone else)`);
    expect(fs.readFileSync(target(0), 'utf8')).toMatch(/# mine\n$/);
    expect(fs.existsSync(target(2))).toBe(false);
    expect(fs.readFileSync(target(1)).equals(t.writes[1]!.expected)).toBe(true);
    expect(leftovers(t.dir)).toEqual([]);
  });

  it('leaves a target someone changed after the journal was written, names it, and completes the rest', async () => {
    await killedWrite(swapping(1));
    fs.writeFileSync(target(2), 'edited by someone\n');
    expect(recoverFolder(t.dir)).toBe(`an interrupted --write (3 files) in ${t.dir} was completed; left as they are, changed since the write began: ${t.names[2]} (edited)`);
    expect(fs.readFileSync(target(2), 'utf8')).toBe('edited by someone\n');
    expect(fs.readFileSync(target(0)).equals(t.writes[0]!.content)).toBe(true);
    expect(fs.readFileSync(target(1)).equals(t.writes[1]!.content)).toBe(true);
    expect(leftovers(t.dir)).toEqual([]);
  });

  it('rolls back a write killed while staging, keeping a file someone replaced with a folder', async () => {
    await killedWrite((op, a) => op === 'openSync' && String(a[0]).includes('f2.py.migrate-driver'));
    fs.rmSync(target(0));
    fs.mkdirSync(target(0));
    const line = recoverFolder(t.dir);
    expect(line).toContain('was rolled back; left as they are, changed since the write began: a/f0.py (is now a folder)');
    expect(fs.statSync(target(0)).isDirectory()).toBe(true);
    expect(fs.readFileSync(target(1)).equals(t.writes[1]!.expected)).toBe(true);
    expect(leftovers(t.dir)).toEqual([]);
  });

  it('completes instead when a backup needed to roll back is gone but every staged copy is there', async () => {
    // The write failed at f2 and was being undone when it was killed: f0 and f1 are new, f2 is old
    // with its staged copy, and f0's backup is then lost.
    t = makeTree(3, { nested: true });
    let failed = false;
    let dead = false;
    const f = hookedFs((op, a) => {
      if (!failed && op === 'linkSync' && a[0] === target(2)) {
        failed = true;
        throw new Error('injected link failure');
      }
      if (dead || (failed && op === 'renameSync' && a[1] === target(1))) {
        dead = true;
        throw new Error('killed');
      }
    });
    await survive(() => commitWrites(t.writes, { root: t.dir, fs: f }));
    expect(JSON.parse(fs.readFileSync(journalFile(), 'utf8')).phase).toBe('rolling-back');
    const backup0 = leftovers(t.dir).find((n) => n.includes('f0.py') && n.endsWith('.orig'));
    fs.unlinkSync(path.join(t.dir, backup0!));
    expect(recoverFolder(t.dir)).toMatch(/was completed; every file has the new content$/);
    expect(treeState(t)).toBe('new');
    expect(leftovers(t.dir)).toEqual([]);
  });

  it('leaves the files of a write that is still running alone', async () => {
    await killedWrite(swapping(1));
    const j = JSON.parse(fs.readFileSync(journalFile(), 'utf8'));
    fs.writeFileSync(journalFile(), JSON.stringify({ ...j, writer: { host: os.hostname(), pid: process.ppid, started: null } }));
    const before = fs.readdirSync(t.dir, { recursive: true }).sort();
    expect(recoverFolder(t.dir)).toMatch(/still running/);
    expect(fs.readdirSync(t.dir, { recursive: true }).sort()).toEqual(before);
    fs.writeFileSync(journalFile(), JSON.stringify(j));
    expectConsistent(recoverFolder(t.dir));
  });

  it('refuses a journal that names files outside its folder', async () => {
    await killedWrite(swapping(1));
    const j = JSON.parse(fs.readFileSync(journalFile(), 'utf8'));
    j.files[0].path = '../elsewhere.py';
    fs.writeFileSync(journalFile(), JSON.stringify(j));
    expect(recoverFolder(t.dir)).toMatch(/cannot read the write journal .* names files outside its folder/);
    expect(fs.existsSync(journalFile())).toBe(true);
  });

  it('refuses a new write while a journal is there', async () => {
    await killedWrite(swapping(1));
    {
      const inside = path.join(t.dir, 'a', 'late.py');
      fs.writeFileSync(inside, 'x = 1\n');
      await expect(commitWrites([{ absPath: inside, content: Buffer.from('x = 2\n'), expected: Buffer.from('x = 1\n') }], { root: t.dir })).rejects.toThrow(/another migrate-driver --write is in progress/);
      expect(fs.readFileSync(inside, 'utf8')).toBe('x = 1\n');
    }
  });
});

describe('finding the journal of an earlier run', () => {
  it('from the same folder, a subfolder or a file below, not from a sibling', async () => {
    await killedWrite(swapping(1));
    const sibling = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-sibling-'));
    try {
      expect(findJournals([t.dir])).toEqual([t.dir]);
      expect(findJournals([path.join(t.dir, 'a')])).toEqual([t.dir]);
      expect(findJournals([target(0), path.join(t.dir, 'b')])).toEqual([t.dir]);
      expect(findJournals([sibling])).toEqual([]);
    } finally {
      fs.rmSync(sibling, { recursive: true });
    }
  });
});
