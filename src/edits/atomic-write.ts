import * as fs from 'node:fs';
import * as path from 'node:path';
import { eachLimited, fsyncAsync, fsyncDir, readRegular, sha256, tryUnlink, writeAll, type WriteFs } from './durable-fs.js';
import { ABSENT, Journal, sideFiles } from './journal.js';

export type { WriteFs } from './durable-fs.js';

export interface PlannedWrite {
  absPath: string;
  /** Exact bytes to write. */
  content: Buffer;
  /** Bytes that must still be on disk, or the write is refused (the file changed since it was read); empty with `create`. */
  expected: Buffer;
  /**
   * A new file: nothing may be at the path, and its folder must exist. It gets this user as owner
   * and mode 0644 less the umask, like any new file, and never replaces a file that appears meanwhile.
   */
  create?: true;
}

export interface CommitOptions {
  /** The run's root folder: the journal lives here (or in the nearest folder holding every target). */
  root?: string;
  fs?: WriteFs;
}

export class WriteAbortedError extends Error {}

interface Target {
  w: PlannedWrite;
  /** For messages: relative to the journal's folder. */
  rel: string;
  /** The original file as checked before anything was written; null for a file to create. */
  st: fs.BigIntStats | null;
  temp: string;
  backup: string;
  /** Set once the temp file exists: only files this write created are ever removed. */
  staged?: true;
  /** The staged inode: a created target is removed on rollback only while it is still this one. */
  tempIno?: bigint;
  tempDev?: bigint;
}

/**
 * All-or-nothing, crash-consistent write.
 *
 * 1. Check every target (regular file, expected bytes, one link, an owner this user can keep; for
 *    a file to create: nothing at its path, its folder there); refuse before touching anything.
 * 2. Record the plan in a journal (journal.ts), fsync'd.
 * 3. Stage each new content in a temp file beside its target, with the target's owner, group and
 *    mode (a file to create: this user's, 0644 less the umask), fsync'd; then mark the journal
 *    "swapping". A failure removes the temps.
 * 4. Swap: check the target once more (same inode, same bytes), hard-link it to a backup name and
 *    rename the temp over it, so the target path always holds a whole file. A file to create is
 *    hard-linked from its temp instead, which fails rather than replace anything at its path. A
 *    failure or a change puts every original back and removes every file this write created.
 * 5. Remove the backups, then the journal.
 *
 * A kill at any point leaves the journal; the next run completes or rolls back (recover.ts).
 */
export async function commitWrites(writes: readonly PlannedWrite[], opts: CommitOptions = {}): Promise<void> {
  if (!writes.length) return;
  const fsys = opts.fs ?? fs;
  const targets = writes.map((w) => w.absPath);
  const home = journalHome(opts.root, targets);
  const checked = writes.map((w) => check(fsys, w, path.relative(home, w.absPath)));

  const journal = createJournal(fsys, [home, journalHome(undefined, targets)], checked);
  const files: Target[] = checked.map((c, i) => ({ ...c, ...sideFiles(c.w.absPath, journal.data.id, i) }));
  const dirs = [...new Set(files.map((f) => path.dirname(f.w.absPath)))];

  try {
    // Temps are flushed several at a time: one fsync after another costs a disk round trip each.
    await eachLimited(files, STAGING_WIDTH, (f) => stage(fsys, f));
    for (const d of dirs) fsyncDir(fsys, d);
    journal.setPhase('swapping');
  } catch (err) {
    removeStaged(fsys, files, dirs, journal);
    throw err;
  }

  let swapped = 0;
  try {
    for (const f of files) {
      swapIn(fsys, f);
      swapped++;
    }
    for (const d of dirs) fsyncDir(fsys, d);
  } catch (err) {
    throw rollBack(fsys, err, files, swapped, dirs, journal);
  }

  // Committed. A failure while tidying up leaves the journal, and the next run finishes the tidying.
  try {
    for (const f of files) tryUnlink(fsys, f.backup);
    for (const d of dirs) fsyncDir(fsys, d);
    journal.remove();
  } catch {
    /* see above */
  }
}

/**
 * The journal goes in the root, where a later run on the same tree or any part of it looks. When
 * the root cannot be written to, the deepest folder holding every target is the next best place.
 */
function createJournal(fsys: WriteFs, homes: string[], checked: Omit<Target, 'temp' | 'backup'>[]): Journal {
  for (const [i, home] of homes.entries()) {
    const entries = checked.map((c) => ({ path: path.relative(home, c.w.absPath), old: c.w.create ? ABSENT : sha256(c.w.expected), new: sha256(c.w.content) }));
    try {
      return Journal.create(home, entries, fsys);
    } catch (err) {
      const c = (err as NodeJS.ErrnoException).code;
      if (i === homes.length - 1 || homes[i + 1] === home || !(c === 'EACCES' || c === 'EPERM' || c === 'EROFS')) throw err;
    }
  }
  throw new Error('unreachable');
}

/** The root when it holds every target, else the nearest folder that does. */
function journalHome(root: string | undefined, targets: string[]): string {
  let home = root ? path.resolve(root) : path.dirname(targets[0]!);
  for (const t of targets) {
    while (!isInside(t, home) && home !== path.dirname(home)) home = path.dirname(home);
  }
  return home;
}

const isInside = (p: string, dir: string) => {
  const rel = path.relative(dir, p);
  return rel !== '' && !rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel);
};

function check(fsys: WriteFs, w: PlannedWrite, rel: string): Omit<Target, 'temp' | 'backup'> {
  if (w.create) return checkAbsent(fsys, w, rel);
  const cur = readRegular(fsys, w.absPath);
  if (!cur.ok) throw new WriteAbortedError(`${rel} changed since migrate-driver read it (it ${cur.problem})`);
  if (!cur.bytes.equals(w.expected)) throw new WriteAbortedError(`${rel} changed on disk while migrate-driver was running`);
  // Replacing the file would leave its other names on the old content.
  if (cur.st.nlink > 1n) throw new WriteAbortedError(`${rel} has ${cur.st.nlink} hard links; writing would split them (make it a single file first)`);
  const owner = ownerProblem(cur.st);
  if (owner) throw new WriteAbortedError(`${rel} ${owner}`);
  return { w, rel, st: cur.st };
}

/** A file to create: nothing may be at its path (not even a dangling link), and its folder must exist. */
function checkAbsent(fsys: WriteFs, w: PlannedWrite, rel: string): Omit<Target, 'temp' | 'backup'> {
  if (w.expected.length) throw new Error(`${rel}: a file to create cannot have expected bytes`);
  const dir = path.dirname(w.absPath);
  let parent: fs.Stats | undefined;
  let here: fs.Stats | undefined;
  try {
    parent = fsys.lstatSync(dir, { throwIfNoEntry: false });
    // A link to a folder is accepted: the run's root may be reached through one.
    if (parent && (parent.isDirectory() || parent.isSymbolicLink())) here = fsys.lstatSync(w.absPath, { throwIfNoEntry: false });
  } catch (err) {
    const c = (err as NodeJS.ErrnoException).code;
    if (c !== 'ENOTDIR') throw new WriteAbortedError(`${rel} cannot be created (${c ?? String(err)})`);
    parent = undefined;
  }
  if (!parent) throw new WriteAbortedError(`${rel} cannot be created: its folder does not exist (migrate-driver creates files only in existing folders)`);
  if (!parent.isDirectory() && !parent.isSymbolicLink()) throw new WriteAbortedError(`${rel} cannot be created: ${path.dirname(rel)} is not a folder`);
  if (here) throw new WriteAbortedError(`${rel} now exists; migrate-driver was going to create it`);
  return { w, rel, st: null };
}

/** Whether this user can give the new file the original's owner and group. */
function ownerProblem(st: fs.BigIntStats): string | null {
  const euid = process.geteuid?.();
  if (euid === undefined || euid === 0) return null;
  if (Number(st.uid) !== euid) return `is owned by uid ${st.uid}: only root can write it and keep its owner`;
  const groups = [process.getegid?.(), ...(process.getgroups?.() ?? [])];
  if (!groups.includes(Number(st.gid))) return `belongs to group ${st.gid}, which this user is not in, so its group could not be kept`;
  return null;
}

const STAGING_WIDTH = 16;

async function stage(fsys: WriteFs, f: Target): Promise<void> {
  // A replacement is private until it has the original's owner and mode; a new file gets the
  // mode any new file gets here (0644 less the umask) and keeps this user as owner.
  const fd = fsys.openSync(f.temp, 'wx', f.st ? 0o600 : 0o644);
  f.staged = true;
  try {
    const st = fsys.fstatSync(fd, { bigint: true });
    f.tempIno = st.ino;
    f.tempDev = st.dev;
    writeAll(fsys, fd, f.w.content);
    if (f.st) {
      if (st.uid !== f.st.uid || st.gid !== f.st.gid) fsys.fchownSync(fd, Number(f.st.uid), Number(f.st.gid));
      fsys.fchmodSync(fd, Number(f.st.mode & 0o7777n)); // after chown, which may clear setuid/setgid
    }
    await fsyncAsync(fsys, fd);
  } finally {
    fsys.closeSync(fd);
  }
}

/** Replaces one target, unless it changed since it was checked; creates a new one. */
function swapIn(fsys: WriteFs, f: Target): void {
  if (!f.st) return createIn(fsys, f);
  const cur = readRegular(fsys, f.w.absPath);
  const change = !cur.ok
    ? cur.problem
    : cur.st.ino !== f.st.ino || cur.st.dev !== f.st.dev
      ? 'was replaced by another file'
      : !cur.bytes.equals(f.w.expected)
        ? 'was edited'
        : cur.st.nlink > 1n
          ? `now has ${cur.st.nlink} hard links`
          : null;
  if (change) throw new WriteAbortedError(`${f.rel} changed while migrate-driver was writing (it ${change})`);
  fsys.linkSync(f.w.absPath, f.backup); // the original inode stays reachable until the write is done
  fsys.renameSync(f.temp, f.w.absPath);
}

function createIn(fsys: WriteFs, f: Target): void {
  try {
    fsys.linkSync(f.temp, f.w.absPath); // unlike rename, never replaces what appeared at the path meanwhile
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new WriteAbortedError(`${f.rel} now exists; migrate-driver was going to create it`);
    throw err;
  }
  fsys.unlinkSync(f.temp);
}

/**
 * Removes a created target while it is still the inode this write put there; false when another
 * file is there now (it is someone else's). Nothing there counts as removed.
 */
function uncreate(fsys: WriteFs, f: Target): boolean {
  const now = fsys.lstatSync(f.w.absPath, { bigint: true, throwIfNoEntry: false });
  if (!now) return true;
  if (f.tempIno === undefined || now.ino !== f.tempIno || now.dev !== f.tempDev) return false;
  fsys.unlinkSync(f.w.absPath);
  return true;
}

function removeStaged(fsys: WriteFs, files: Target[], dirs: string[], journal: Journal): void {
  try {
    for (const f of files) if (f.staged) tryUnlink(fsys, f.temp);
    for (const d of dirs) fsyncDir(fsys, d);
    journal.remove();
  } catch {
    /* the journal stays (phase "staging"), and the next run removes what is left */
  }
}

/**
 * Puts every swapped original back (newest first), removes the files it created and the temps. A
 * target that is no longer the file this write put there was changed by someone since: it is left
 * as it is.
 */
function rollBack(fsys: WriteFs, cause: unknown, files: Target[], swapped: number, dirs: string[], journal: Journal): Error {
  const left: string[] = [];
  const stuck: string[] = [];
  try {
    journal.setPhase('rolling-back');
  } catch {
    /* undo anyway; if this run dies too, the next one completes the write instead */
  }
  for (let i = swapped - 1; i >= 0; i--) {
    const f = files[i]!;
    try {
      if (!f.st) {
        if (!uncreate(fsys, f)) left.push(f.rel);
        tryUnlink(fsys, f.temp);
        continue;
      }
      const now = fsys.lstatSync(f.w.absPath, { bigint: true, throwIfNoEntry: false });
      if (!now || now.ino !== f.tempIno || now.dev !== f.tempDev) {
        left.push(f.rel);
        tryUnlink(fsys, f.backup);
      } else fsys.renameSync(f.backup, f.w.absPath);
    } catch {
      stuck.push(f.rel);
    }
  }
  // Not swapped: the target is the original; a backup exists only if the failure came between link
  // and rename, and a created target only if it came between link and unlinking the temp.
  for (const f of files.slice(swapped)) {
    try {
      if (!f.st && f.staged) uncreate(fsys, f); // false: what is there is not this write's (it is why it stopped)
      if (f.staged) tryUnlink(fsys, f.temp);
      tryUnlink(fsys, f.backup);
    } catch {
      stuck.push(f.rel);
    }
  }
  try {
    for (const d of dirs) fsyncDir(fsys, d);
    if (!stuck.length) journal.remove();
  } catch {
    /* the journal stays and the next run finishes the undo */
  }
  const why = cause instanceof Error ? cause.message : String(cause);
  const outcome = stuck.length
    ? `; ${list(stuck)} could not be put back yet: the next migrate-driver run finishes the undo`
    : left.length
      ? `; every other file was put back, and ${list(left)} left as changed by someone else`
      : '';
  return new WriteAbortedError(`${why}${outcome}`, { cause });
}

const list = (names: string[]) => (names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', '));
