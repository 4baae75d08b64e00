import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitWrites, WriteAbortedError } from '../../src/edits/atomic-write.js';
import { hookedFs, leftovers, makeTree, treeState, type Op, type Tree } from '../edits/support.js';

let t: Tree;
afterEach(() => fs.rmSync(t.dir, { recursive: true, force: true }));

const isRoot = process.geteuid?.() === 0;

/** The real file system, failing once at the first call that matches. */
function failingWhen(match: (op: Op, args: unknown[]) => boolean) {
  let failed = false;
  return hookedFs((op, args) => {
    if (!failed && match(op, args)) {
      failed = true;
      throw new Error(`injected ${op} failure`);
    }
  });
}

const isTemp = (p: unknown, name: string) => typeof p === 'string' && path.basename(p).startsWith(`.${name}.migrate-driver-`) && p.endsWith('.new');
/** Matches only once the temp file of `name` has been opened. */
function afterTempOf(name: string, match: (op: Op, a: unknown[]) => boolean) {
  let seen = false;
  return (op: Op, a: unknown[]) => {
    if (op === 'openSync' && isTemp(a[0], name)) seen = true;
    return seen && match(op, a);
  };
}
const target = (i: number) => t.writes[i]!.absPath;

describe('all-or-nothing writes', () => {
  it('writes every file, keeps modes, leaves no temporary files or journal', async () => {
    t = makeTree(4);
    await commitWrites(t.writes, { root: t.dir });
    expect(treeState(t)).toBe('new');
    for (const w of t.writes) expect(fs.statSync(w.absPath).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(t.dir).sort()).toEqual(['f0.py', 'f1.py', 'f2.py', 'f3.py']);
  });

  const failures: [string, (op: Op, a: unknown[]) => boolean][] = [
    ['creating the third temp file', (op, a) => op === 'openSync' && isTemp(a[0], 'f2.py')],
    ['setting the mode of a temp file', (op) => op === 'fchmodSync'],
    ['fsyncing a temp file', afterTempOf('f1.py', (op) => op === 'fsyncSync')],
    ['marking the journal "swapping"', (op, a) => op === 'renameSync' && String(a[1]).endsWith('.migrate-driver-journal')],
    ['swapping the first file', (op, a) => op === 'renameSync' && a[1] === target(0)],
    ['swapping the last file', (op, a) => op === 'renameSync' && a[1] === target(3)],
    ['linking the third backup', (op, a) => op === 'linkSync' && a[0] === target(2)],
  ];
  for (const [step, match] of failures) {
    it(`a failure while ${step} leaves the tree unchanged`, async () => {
      t = makeTree(4);
      const fsys = failingWhen(match);
      await expect(commitWrites(t.writes, { root: t.dir, fs: fsys })).rejects.toThrow(/injected/);
      expect(treeState(t)).toBe('old');
      expect(leftovers(t.dir)).toEqual([]);
    });
  }

  it('refuses when a file changed on disk after it was read', async () => {
    t = makeTree(3);
    fs.writeFileSync(target(1), 'edited meanwhile\n');
    await expect(commitWrites(t.writes, { root: t.dir })).rejects.toThrow(WriteAbortedError);
    expect(fs.readFileSync(target(1), 'utf8')).toBe('edited meanwhile\n');
    expect(fs.readFileSync(target(0)).equals(t.writes[0]!.expected)).toBe(true);
    expect(fs.readdirSync(t.dir).sort()).toEqual(['f0.py', 'f1.py', 'f2.py']);
  });
});

describe('a target changed during the swap', () => {
  /** Runs the write and changes f3 just as f1 is swapped in, i.e. after f3 was checked and staged. */
  async function writeWhileChanging(change: (p: string) => void): Promise<unknown> {
    t = makeTree(4);
    let done = false;
    const fsys = hookedFs((op, a) => {
      if (!done && op === 'renameSync' && a[1] === target(1)) {
        done = true;
        change(target(3));
      }
    });
    try {
      await commitWrites(t.writes, { root: t.dir, fs: fsys });
    } catch (err) {
      return err;
    }
    return null;
  }

  const firstThree = () => t.writes.slice(0, 3).every((w) => fs.readFileSync(w.absPath).equals(w.expected));

  it('a folder put in its place is kept, everything else is put back, and the file is named', async () => {
    const err = await writeWhileChanging((p) => {
      fs.rmSync(p);
      fs.mkdirSync(p);
      fs.writeFileSync(path.join(p, 'keep.txt'), 'mine');
    });
    expect(err).toBeInstanceOf(WriteAbortedError);
    expect((err as Error).message).toMatch(/^f3\.py changed while migrate-driver was writing \(it is now a folder\)$/);
    expect(fs.readFileSync(path.join(target(3), 'keep.txt'), 'utf8')).toBe('mine');
    expect(firstThree()).toBe(true);
    expect(leftovers(t.dir)).toEqual([]);
  });

  it('an edit in place is kept and nothing is written', async () => {
    const err = await writeWhileChanging((p) => fs.writeFileSync(p, 'x = 99  # edited meanwhile\n'));
    expect((err as Error).message).toMatch(/^f3\.py changed while migrate-driver was writing \(it was edited\)$/);
    expect(fs.readFileSync(target(3), 'utf8')).toBe('x = 99  # edited meanwhile\n');
    expect(firstThree()).toBe(true);
    expect(leftovers(t.dir)).toEqual([]);
  });

  it('a file saved over it (same bytes, new inode) stops the write too', async () => {
    const err = await writeWhileChanging((p) => {
      const b = fs.readFileSync(p);
      fs.writeFileSync(`${p}.tmp`, b);
      fs.renameSync(`${p}.tmp`, p);
    });
    expect((err as Error).message).toMatch(/^f3\.py changed while migrate-driver was writing \(it was replaced by another file\)$/);
    expect(treeState(t)).toBe('old');
    expect(leftovers(t.dir)).toEqual([]);
  });
});

describe('owner, group, mode and links', () => {
  it.runIf(isRoot)('keeps another user\'s owner and group, and mode 0640', async () => {
    t = makeTree(2);
    fs.chownSync(target(0), 12345, 23456);
    fs.chmodSync(target(0), 0o640);
    await commitWrites(t.writes, { root: t.dir });
    const st = fs.statSync(target(0));
    expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([12345, 23456, 0o640]);
    expect(treeState(t)).toBe('new');
  });

  it.runIf(isRoot)('keeps setgid and an executable mode after changing the owner', async () => {
    t = makeTree(1);
    fs.chownSync(target(0), 12345, 12345);
    fs.chmodSync(target(0), 0o2750);
    await commitWrites(t.writes, { root: t.dir });
    const st = fs.statSync(target(0));
    expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([12345, 12345, 0o2750]);
  });

  it('keeps a mode that the umask would strip', async () => {
    t = makeTree(1, { mode: 0o666 });
    const old = process.umask(0o077);
    try {
      await commitWrites(t.writes, { root: t.dir });
    } finally {
      process.umask(old);
    }
    expect(fs.statSync(target(0)).mode & 0o777).toBe(0o666);
  });

  it('refuses a file with hard links before touching anything, and says why', async () => {
    t = makeTree(3);
    const other = path.join(t.dir, 'other-name.py');
    fs.linkSync(target(2), other);
    await expect(commitWrites(t.writes, { root: t.dir })).rejects.toThrow(/f2\.py has 2 hard links/);
    expect(treeState(t)).toBe('old');
    expect(fs.statSync(other).ino).toBe(fs.statSync(target(2)).ino);
    expect(leftovers(t.dir)).toEqual([]);
  });
});

describe('creating files in the same write', () => {
  // f0 and f2 are edited, f1 and f3 do not exist yet and are created.
  const mixed = () => (t = makeTree(4, { create: [1, 3] }));
  const unchangedOld = () => {
    expect(treeState(t)).toBe('old');
    expect(leftovers(t.dir)).toEqual([]);
  };

  it('creates and edits in one commit: the new files get 0644 less the umask and this user as owner', async () => {
    for (const [umask, mode] of [
      [0o022, 0o644],
      [0o077, 0o600],
      [0o002, 0o644],
    ] as const) {
      mixed();
      const old = process.umask(umask);
      try {
        await commitWrites(t.writes, { root: t.dir });
      } finally {
        process.umask(old);
      }
      expect(treeState(t)).toBe('new');
      expect(fs.readdirSync(t.dir).sort()).toEqual(['f0.py', 'f1.py', 'f2.py', 'f3.py']);
      for (const i of [1, 3]) {
        const st = fs.statSync(target(i));
        expect([st.mode & 0o7777, st.uid, st.nlink]).toEqual([mode, process.getuid!(), 1]);
      }
      expect(fs.statSync(target(0)).mode & 0o777).toBe(0o640); // the edited ones keep theirs
      fs.rmSync(t.dir, { recursive: true });
    }
  });

  it('refuses before writing anything when a file to create already exists, and names it', async () => {
    mixed();
    fs.writeFileSync(target(3), 'mine\n');
    await expect(commitWrites(t.writes, { root: t.dir })).rejects.toThrow(new WriteAbortedError('f3.py now exists; migrate-driver was going to create it'));
    expect(fs.readFileSync(target(3), 'utf8')).toBe('mine\n');
    expect(fs.existsSync(target(1))).toBe(false);
    expect(fs.readFileSync(target(0)).equals(t.writes[0]!.expected)).toBe(true);
    expect(leftovers(t.dir)).toEqual([]);
  });

  it('counts a dangling symbolic link or an empty file as existing', async () => {
    for (const put of [(p: string) => fs.symlinkSync('nowhere', p), (p: string) => fs.writeFileSync(p, '')]) {
      mixed();
      put(target(1));
      await expect(commitWrites(t.writes, { root: t.dir })).rejects.toThrow(/^f1\.py now exists; migrate-driver was going to create it$/);
      expect(fs.lstatSync(target(1)).size).toBeLessThan(10);
      expect(leftovers(t.dir)).toEqual([]);
      fs.rmSync(t.dir, { recursive: true });
    }
  });

  it('refuses a file whose folder does not exist, without creating the folder', async () => {
    mixed();
    const deep = path.join(t.dir, 'pkg', 'compat.py');
    const writes = [...t.writes, { absPath: deep, content: Buffer.from('x = 1\n'), expected: Buffer.alloc(0), create: true as const }];
    await expect(commitWrites(writes, { root: t.dir })).rejects.toThrow(/^pkg\/compat\.py cannot be created: its folder does not exist/);
    expect(fs.existsSync(path.join(t.dir, 'pkg'))).toBe(false);
    unchangedOld();
  });

  /** Matches only once file i was linked into place. */
  function afterLinking(i: number, match: (op: Op, a: unknown[]) => boolean) {
    let seen = false;
    return (op: Op, a: unknown[]) => {
      const hit = seen && match(op, a);
      if (op === 'linkSync' && a[1] === target(i)) seen = true;
      return hit;
    };
  }

  const failures: [string, (op: Op, a: unknown[]) => boolean][] = [
    ['creating the temp file of a new file', (op, a) => op === 'openSync' && isTemp(a[0], 'f1.py')],
    ['fsyncing the temp file of a new file', afterTempOf('f3.py', (op) => op === 'fsync')],
    ['linking the first new file into place', (op, a) => op === 'linkSync' && a[1] === target(1)],
    ['removing the temp name of a new file once it is in place', (op, a) => op === 'unlinkSync' && isTemp(a[0], 'f1.py')],
    ['swapping an edited file after a new one', (op, a) => op === 'renameSync' && a[1] === target(2)],
    ['linking the last new file into place', (op, a) => op === 'linkSync' && a[1] === target(3)],
    ['fsyncing the folder after the swap', afterLinking(3, (op, a) => op === 'openSync' && a[0] === t.dir)],
  ];
  for (const [step, match] of failures) {
    it(`a failure while ${step} removes the new files and puts back the edited ones`, async () => {
      mixed();
      await expect(commitWrites(t.writes, { root: t.dir, fs: failingWhen(match) })).rejects.toThrow(/injected/);
      unchangedOld();
    });
  }

  it('a file that appears where one is to be created stops the write: it is kept and everything else undone', async () => {
    mixed();
    let done = false;
    const fsys = hookedFs((op, a) => {
      if (!done && op === 'renameSync' && a[1] === target(2)) {
        done = true;
        fs.writeFileSync(target(3), 'made meanwhile\n');
      }
    });
    await expect(commitWrites(t.writes, { root: t.dir, fs: fsys })).rejects.toThrow(/^f3\.py now exists; migrate-driver was going to create it$/);
    expect(fs.readFileSync(target(3), 'utf8')).toBe('made meanwhile\n');
    expect(fs.existsSync(target(1))).toBe(false);
    expect([0, 2].every((i) => fs.readFileSync(target(i)).equals(t.writes[i]!.expected))).toBe(true);
    expect(leftovers(t.dir)).toEqual([]);
  });

  it('rolling back keeps a created file that someone replaced meanwhile, and names it', async () => {
    mixed();
    let done = false;
    const fsys = hookedFs((op, a) => {
      if (!done && op === 'renameSync' && a[1] === target(2)) {
        done = true;
        fs.writeFileSync(`${target(1)}.tmp`, 'saved over it\n');
        fs.renameSync(`${target(1)}.tmp`, target(1));
        throw new Error('injected rename failure');
      }
    });
    await expect(commitWrites(t.writes, { root: t.dir, fs: fsys })).rejects.toThrow(/^injected rename failure; every other file was put back, and f1\.py left as changed by someone else$/);
    expect(fs.readFileSync(target(1), 'utf8')).toBe('saved over it\n');
    expect(fs.existsSync(target(3))).toBe(false);
    expect(fs.readFileSync(target(0)).equals(t.writes[0]!.expected)).toBe(true);
    expect(leftovers(t.dir)).toEqual([]);
  });
});
