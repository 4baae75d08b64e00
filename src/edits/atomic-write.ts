import * as fs from 'node:fs';
import * as path from 'node:path';

export interface PlannedWrite {
  absPath: string;
  /** Exact bytes to write. */
  content: Buffer;
  /** Bytes that must still be on disk, or the write is refused (the file changed since it was read). */
  expected: Buffer;
}

/** The file-system calls the commit needs; tests pass a wrapper that fails at a chosen step. */
export interface WriteFs {
  writeFileSync(p: string, data: Buffer, opts: { mode: number; flag: string }): void;
  renameSync(from: string, to: string): void;
  unlinkSync(p: string): void;
  readFileSync(p: string): Buffer;
  statSync(p: string): fs.Stats;
}

export class WriteAbortedError extends Error {}

const suffix = () => `.migrate-driver-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * All-or-nothing write. Phase 1 writes every new content to a temp file beside its target and
 * checks that no target changed since it was read; any failure removes the temps and leaves the
 * tree untouched. Phase 2 swaps each target for its temp, keeping the original as a backup; a
 * failure there moves every backup back. Only then are backups removed.
 */
export function commitWrites(writes: readonly PlannedWrite[], fsys: WriteFs = fs): void {
  const staged: { target: string; temp: string; backup: string }[] = [];
  try {
    for (const w of writes) {
      const current = fsys.readFileSync(w.absPath);
      if (!current.equals(w.expected)) {
        throw new WriteAbortedError(`${w.absPath} changed on disk while migrate-driver was running`);
      }
      const s = suffix();
      const temp = path.join(path.dirname(w.absPath), `.${path.basename(w.absPath)}${s}.new`);
      const backup = path.join(path.dirname(w.absPath), `.${path.basename(w.absPath)}${s}.orig`);
      fsys.writeFileSync(temp, w.content, { mode: fsys.statSync(w.absPath).mode & 0o7777, flag: 'wx' });
      staged.push({ target: w.absPath, temp, backup });
    }
  } catch (err) {
    for (const s of staged) tryUnlink(fsys, s.temp);
    throw err;
  }

  const swapped: typeof staged = [];
  try {
    for (const s of staged) {
      fsys.renameSync(s.target, s.backup);
      try {
        fsys.renameSync(s.temp, s.target);
      } catch (err) {
        fsys.renameSync(s.backup, s.target);
        throw err;
      }
      swapped.push(s);
    }
  } catch (err) {
    for (const s of swapped.reverse()) {
      try {
        fsys.renameSync(s.backup, s.target);
      } catch {
        /* keep going: restore as much as possible, the error below says what failed */
      }
    }
    for (const s of staged) tryUnlink(fsys, s.temp);
    throw err;
  }
  for (const s of staged) tryUnlink(fsys, s.backup);
}

function tryUnlink(fsys: WriteFs, p: string): void {
  try {
    fsys.unlinkSync(p);
  } catch {
    /* already gone */
  }
}
