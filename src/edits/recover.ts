import * as fs from 'node:fs';
import * as path from 'node:path';
import { fsyncDir, readRegular, sha256, tryUnlink, type WriteFs } from './durable-fs.js';
import { ABSENT, entryTarget, Journal, JOURNAL_NAME, JOURNAL_NEXT, readJournal, sideFiles, type JournalData, type JournalEntry } from './journal.js';
import { isRunning } from './process-identity.js';

/**
 * Finishing or undoing a `--write` that was killed. Rules, per journal (see journal.ts):
 * - phase "swapping" is completed, "staging" and "rolling-back" are rolled back; if a file cannot
 *   go that way (its staged copy or backup is gone) while every file can go the other way, the
 *   journal is switched first, so the tree still ends all-old or all-new;
 * - a target whose bytes are neither the old nor the new ones was changed by someone since the
 *   journal was written: it is left as it is and named;
 * - a file the write creates is "old" while nothing is at its path: completing links its staged
 *   copy there (never over a file made meanwhile), undoing removes it while it holds the new bytes;
 * - each step checks what is on disk before acting, so a kill during recovery is recovered by the
 *   next run; the journal goes last, after every temp and backup.
 */

interface Item {
  e: JournalEntry;
  target: string;
  temp: string;
  backup: string;
  /** What the target holds now. */
  is: 'old' | 'new' | 'other';
  /** What happened to it, when `is` is "other". */
  problem: string;
}

/** Every folder from each path up to the file-system root that holds a journal. */
export function findJournals(paths: readonly string[], fsys: WriteFs = fs): string[] {
  const found = new Set<string>();
  const seen = new Set<string>();
  for (const p of paths) {
    let dir = path.resolve(p);
    if (!isDir(fsys, dir)) dir = path.dirname(dir);
    for (; !seen.has(dir); dir = path.dirname(dir)) {
      seen.add(dir);
      if (fsys.existsSync(path.join(dir, JOURNAL_NAME)) || fsys.existsSync(path.join(dir, JOURNAL_NEXT))) found.add(dir);
      if (dir === path.dirname(dir)) break;
    }
  }
  return [...found];
}

function isDir(fsys: WriteFs, p: string): boolean {
  try {
    return fsys.lstatSync(p, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false; // unreadable: its parents are still looked at
  }
}

/** Recovers the journal in `dir`, if any; returns the one line that says what was done. Never throws. */
export function recoverFolder(dir: string, fsys: WriteFs = fs): string | null {
  const file = path.join(dir, JOURNAL_NAME);
  const next = path.join(dir, JOURNAL_NEXT);
  let data: JournalData;
  try {
    if (!fsys.existsSync(file)) return dropUnfinishedJournal(fsys, dir, next);
    data = readJournal(fsys, file);
  } catch (err) {
    return `cannot read the write journal ${file} (${reason(err)}); check the files a --write there may have left, then delete it`;
  }
  const n = `${data.files.length} file${data.files.length === 1 ? '' : 's'}`;
  if (isRunning(data.writer)) return `a --write (${n}) by process ${data.writer.pid} is still running in ${dir}; left alone`;
  try {
    return finishOrUndo(fsys, dir, data, n);
  } catch (err) {
    return `an interrupted --write (${n}) in ${dir} could not be recovered yet (${reason(err)}); the next run tries again`;
  }
}

/** A kill while the journal was first written: nothing but the journal itself was created yet. */
function dropUnfinishedJournal(fsys: WriteFs, dir: string, next: string): string | null {
  if (!fsys.existsSync(next)) return null;
  let data: JournalData | null = null;
  try {
    data = readJournal(fsys, next);
  } catch {
    /* cut short by the kill */
  }
  if (data && isRunning(data.writer)) return null; // a write that is starting right now
  tryUnlink(fsys, next);
  fsyncDir(fsys, dir);
  return `an interrupted --write in ${dir} had not changed anything yet; its journal was removed`;
}

function finishOrUndo(fsys: WriteFs, dir: string, data: JournalData, n: string): string {
  const items = data.files.map((e, i) => look(fsys, dir, data.id, e, i));
  const noBackups = data.phase === 'staging'; // backups are made only once staging is over
  // Each staged copy or backup is read at most once.
  const tempOk = memo((it: Item) => holds(fsys, it.temp, it.e.new));
  const backupOk = memo((it: Item) => holds(fsys, it.backup, it.e.old));
  const canComplete = (it: Item) => it.is !== 'old' || tempOk(it);
  const canUndo = (it: Item) => it.is !== 'new' || creates(it) || backupOk(it);
  let forward = data.phase === 'swapping';
  if (forward && !items.every(canComplete) && items.every(canUndo)) forward = false;
  else if (!forward && !items.every(canUndo) && items.every(canComplete)) forward = true;
  const journal = Journal.open(dir, data, fsys);
  const phase = forward ? 'swapping' : 'rolling-back';
  if (data.phase !== phase && !(data.phase === 'staging' && !forward)) journal.setPhase(phase);

  const left: string[] = [];
  const stuck: string[] = [];
  for (const it of items) {
    if (it.is === 'other') left.push(`${it.e.path} (${it.problem})`);
    else if (forward && it.is === 'old') {
      if (!tempOk(it)) stuck.push(it.e.path);
      else if (!creates(it)) fsys.renameSync(it.temp, it.target);
      else if (!linkNew(fsys, it.temp, it.target)) left.push(`${it.e.path} (was created by someone else)`);
    } else if (!forward && it.is === 'new') {
      // It holds exactly what the write put there; while staging, the write had put nothing there yet.
      if (creates(it) && noBackups) left.push(`${it.e.path} (was created by someone else)`);
      else if (creates(it)) tryUnlink(fsys, it.target);
      else if (backupOk(it)) fsys.renameSync(it.backup, it.target);
      else stuck.push(it.e.path);
    }
    tryUnlink(fsys, it.temp);
    if (!noBackups) tryUnlink(fsys, it.backup);
  }
  for (const d of new Set(items.map((it) => path.dirname(it.target)))) fsyncDir(fsys, d);
  journal.remove();

  const done = forward ? 'completed' : 'rolled back';
  const where = `an interrupted --write (${n}) in ${dir} was ${done}`;
  const notes = [
    left.length ? `left as they are, changed since the write began: ${list(left)}` : '',
    stuck.length ? `could not be ${forward ? 'completed' : 'put back'} (its ${forward ? 'staged copy' : 'backup'} is gone): ${list(stuck)}` : '',
  ].filter(Boolean);
  return notes.length ? `${where}; ${notes.join('; ')}` : `${where}; every file ${forward ? 'has the new content' : 'is as it was before'}`;
}

const creates = (it: Item) => it.e.old === ABSENT;

function look(fsys: WriteFs, dir: string, id: string, e: JournalEntry, i: number): Item {
  const target = entryTarget(dir, e);
  const cur = readRegular(fsys, target);
  const hash = cur.ok ? sha256(cur.bytes) : null;
  const absent = e.old === ABSENT;
  const is = absent && !cur.ok && cur.missing ? 'old' : hash === e.old ? 'old' : hash === e.new ? 'new' : 'other';
  const problem = absent ? `was created by someone else${cur.ok ? '' : `; it ${cur.problem}`}` : cur.ok ? 'edited' : cur.problem;
  return { e, target, ...sideFiles(target, id, i), is, problem };
}

/** Puts a created file in place; false when a file appeared there meanwhile (it is left alone). */
function linkNew(fsys: WriteFs, temp: string, target: string): boolean {
  try {
    fsys.linkSync(temp, target);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
}

function holds(fsys: WriteFs, p: string, hash: string): boolean {
  const r = readRegular(fsys, p);
  return r.ok && sha256(r.bytes) === hash;
}

function memo<T extends object>(f: (x: T) => boolean): (x: T) => boolean {
  const cache = new WeakMap<T, boolean>();
  return (x) => {
    let v = cache.get(x);
    if (v === undefined) cache.set(x, (v = f(x)));
    return v;
  };
}

const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));
const list = (names: string[]) => (names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', '));

/**
 * Run at the start of every command on a tree: recovers any interrupted write in the folders of
 * `paths` or above them and says so in one line each on stderr.
 */
export function recoverBeforeRun(paths: readonly string[], io: { cwd: string; err: (s: string) => void }): void {
  const abs = (paths.length ? paths : ['.']).map((p) => path.resolve(io.cwd, p));
  for (const dir of findJournals(abs)) {
    const line = recoverFolder(dir);
    if (line) io.err(`migrate-driver: ${line}\n`);
  }
}
