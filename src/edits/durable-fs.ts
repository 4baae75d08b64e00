import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

/**
 * The file-system calls a write and its recovery make. Tests pass a wrapper that fails, or stops
 * dead, at a chosen call.
 */
export type WriteFs = Pick<
  typeof fs,
  | 'openSync'
  | 'closeSync'
  | 'writeSync'
  | 'readFileSync'
  | 'fstatSync'
  | 'lstatSync'
  | 'fsyncSync'
  | 'fsync'
  | 'fchownSync'
  | 'fchmodSync'
  | 'linkSync'
  | 'renameSync'
  | 'unlinkSync'
  | 'existsSync'
>;

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

const code = (err: unknown) => (err as NodeJS.ErrnoException)?.code;

/** Makes a folder's entries (created, renamed, removed names) survive a power loss. */
export function fsyncDir(fsys: WriteFs, dir: string): void {
  const fd = fsys.openSync(dir, 'r');
  try {
    fsys.fsyncSync(fd);
  } finally {
    fsys.closeSync(fd);
  }
}

/** fsync without blocking, so many files can be flushed at once (the file system batches them). */
export function fsyncAsync(fsys: WriteFs, fd: number): Promise<void> {
  return new Promise((resolve, reject) => fsys.fsync(fd, (err) => (err ? reject(err) : resolve())));
}

/** Runs `f` on every item, at most `width` at a time; stops starting new ones after a failure. */
export async function eachLimited<T>(items: readonly T[], width: number, f: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (!failed && next < items.length) {
      const item = items[next++]!;
      try {
        await f(item);
      } catch (err) {
        failed = true;
        throw err;
      }
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: Math.min(width, items.length) }, lane));
  const bad = lanes.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (bad) throw bad.reason;
}

export function tryUnlink(fsys: WriteFs, p: string): void {
  try {
    fsys.unlinkSync(p);
  } catch (err) {
    if (code(err) !== 'ENOENT') throw err;
  }
}

export function writeAll(fsys: WriteFs, fd: number, data: Buffer): void {
  for (let off = 0; off < data.length; ) off += fsys.writeSync(fd, data, off, data.length - off);
}

/** Writes a whole file that nobody else may have created, then fsyncs it. */
export function createDurable(fsys: WriteFs, p: string, data: Buffer, mode = 0o644): void {
  const fd = fsys.openSync(p, 'wx', mode);
  try {
    writeAll(fsys, fd, data);
    fsys.fsyncSync(fd);
  } finally {
    fsys.closeSync(fd);
  }
}

/** `missing`: nothing at all is at the path (a file to be created is still absent). */
export type Regular = { ok: true; st: fs.BigIntStats; bytes: Buffer } | { ok: false; problem: string; missing?: true };

// No following of symlinks, and no blocking on a FIFO put in a file's place.
const READ_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0) | (fs.constants.O_NONBLOCK ?? 0);

/**
 * A regular file's status and bytes, read through one descriptor so both describe the same inode;
 * otherwise what is there instead, in words.
 */
export function readRegular(fsys: WriteFs, p: string): Regular {
  let fd: number;
  try {
    fd = fsys.openSync(p, READ_FLAGS);
  } catch (err) {
    const c = code(err);
    if (c === 'ENOENT') return { ok: false, problem: 'was removed', missing: true };
    if (c === 'ELOOP') return { ok: false, problem: 'is now a symbolic link' };
    if (c === 'ENXIO') return { ok: false, problem: 'is now a FIFO or socket' };
    return { ok: false, problem: `cannot be read (${c ?? String(err)})` };
  }
  try {
    const st = fsys.fstatSync(fd, { bigint: true });
    if (st.isDirectory()) return { ok: false, problem: 'is now a folder' };
    if (!st.isFile()) return { ok: false, problem: 'is no longer a regular file' };
    return { ok: true, st, bytes: fsys.readFileSync(fd) };
  } catch (err) {
    return { ok: false, problem: `cannot be read (${code(err) ?? String(err)})` };
  } finally {
    fsys.closeSync(fd);
  }
}
