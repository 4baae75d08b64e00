import * as fs from 'node:fs';
import type { Candidate } from './discover.js';
import { decodeSource, MAX_SCAN_BYTES, readSourceFile, type ReadResult } from './source-file.js';

/**
 * A discovered file, read. Files listed by git were not looked at during discovery (a stat per
 * file costs as much as the read): here they turn out to be a file, or a symbolic link, a
 * submodule's folder, or gone from the work tree, exactly as a stat would have said.
 */
export type EntryRead = { kind: 'read'; result: ReadResult } | { kind: 'gone' | 'symlink' | 'submodule' };

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
// No O_NOFOLLOW (Windows): every unchecked entry is classified by lstat first.
const OPEN_FLAGS = O_NOFOLLOW === undefined ? null : O_RDONLY | O_NOFOLLOW | (O_NONBLOCK ?? 0);

/**
 * Reads of files up to this size go through one buffer per thread: a tree of 100k files would
 * otherwise allocate (and leave the collector) as many buffers as files, about 0.5 GB of them.
 */
const SCRATCH_MAX = 1024 * 1024;
let scratch = Buffer.allocUnsafeSlow(64 * 1024);

/**
 * `raw` in the result may be a view of this thread's scratch buffer, valid until the next call:
 * a caller that keeps the bytes copies them (readOne keeps only the candidates').
 */
export function readEntry(c: Candidate, maxBytes: number): EntryRead {
  if (!c.unchecked || OPEN_FLAGS === null) return c.unchecked ? classify(c, maxBytes) : { kind: 'read', result: readSourceFile(c.abs, c.rel, maxBytes) };
  let fd: number;
  try {
    // Not following a link, and not waiting on a FIFO: the open says what a stat would.
    fd = fs.openSync(c.abs, OPEN_FLAGS);
  } catch {
    return classify(c, maxBytes);
  }
  let raw: Buffer;
  let size: number;
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory()) return { kind: 'submodule' };
    if (!st.isFile()) return { kind: 'gone' };
    size = st.size;
    if (size > MAX_SCAN_BYTES) return { kind: 'read', result: { ok: false, reason: `larger than ${MAX_SCAN_BYTES / 1024 / 1024} MiB, not read` } };
    raw = size < SCRATCH_MAX ? readIntoScratch(fd, size) : readAll(fd, size);
  } catch (err) {
    return { kind: 'read', result: { ok: false, reason: `unreadable (${(err as NodeJS.ErrnoException).code ?? String(err)})` } };
  } finally {
    fs.closeSync(fd);
  }
  return { kind: 'read', result: decodeSource(c.abs, c.rel, raw, size, maxBytes) };
}

/** The rare case (a link, a folder, an error): lstat decides, as discovery did before reading. */
function classify(c: Candidate, maxBytes: number): EntryRead {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(c.abs);
  } catch {
    return { kind: 'gone' };
  }
  if (st.isSymbolicLink()) return { kind: 'symlink' };
  if (st.isDirectory()) return { kind: 'submodule' };
  if (!st.isFile()) return { kind: 'gone' };
  return { kind: 'read', result: readSourceFile(c.abs, c.rel, maxBytes) };
}

/**
 * The file into the scratch buffer: `size` bytes as fstat gave it, as readFileSync reads them (no
 * extra read to meet the end); a file of size 0 (a pipe-like file) is read to its end. A file that
 * changes after this read is caught when its write compares the bytes.
 */
function readIntoScratch(fd: number, size: number): Buffer {
  if (scratch.length <= size) scratch = Buffer.allocUnsafeSlow(Math.min(SCRATCH_MAX * 2, Math.max(size + 1, scratch.length * 2)));
  let n = 0;
  while (size === 0 || n < size) {
    if (n === scratch.length) return Buffer.concat([scratch.subarray(0, n), readAll(fd, 0)]);
    const got = fs.readSync(fd, scratch, n, (size === 0 ? scratch.length : size) - n, null);
    if (got === 0) break;
    n += got;
  }
  return scratch.subarray(0, n);
}

/** The whole file, read to its end (past `size` too: the large-file path and pipe-like files). */
function readAll(fd: number, size: number): Buffer {
  let buf = Buffer.allocUnsafeSlow(Math.max(size, 1));
  let n = 0;
  for (;;) {
    if (n === buf.length) {
      const bigger = Buffer.allocUnsafeSlow(buf.length * 2);
      buf.copy(bigger, 0, 0, n);
      buf = bigger;
    }
    const got = fs.readSync(fd, buf, n, buf.length - n, null);
    if (got === 0) break;
    n += got;
  }
  return n === buf.length ? buf : buf.subarray(0, n);
}
