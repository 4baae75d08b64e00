import * as os from 'node:os';
import { Worker } from 'node:worker_threads';
import { wireCandidate, type Candidate } from './discover.js';
import { readEntry } from './read-entry.js';
import type { SourceFile } from './source-file.js';

/** Decides, file by file, which texts a run keeps; the same code runs on every reading thread. */
export interface FileFilter {
  /** The largest file read for editing. */
  maxBytes(rel: string): number;
  /** Whether a decoded file is worth keeping (it holds trigger text, or its kind is always read). */
  keep(rel: string, text: string): boolean;
  /** Whether bytes that cannot be edited (binary, too large, not UTF-8) mention what the run looks for. */
  mentions(raw: Buffer): boolean;
}

/** Where a reading thread finds the filter: `(await import(module))[name](arg)` returns it. */
export interface FilterRef {
  module: string;
  name: string;
  arg?: string;
}

export type Outcome =
  | { status: 'kept'; file: SourceFile }
  | { status: 'failed'; reason: string; hadRaw: boolean; mentions: boolean }
  /** Listed by git but not a file any more, a symbolic link, or a submodule's folder. */
  | { status: 'gone' }
  | { status: 'symlink' }
  | { status: 'submodule' };

/** What a listed path turned out to be when it is not a file to read. */
export const notAFile = (o: Outcome | undefined): 'gone' | 'symlink' | 'submodule' | undefined => (o && (o.status === 'gone' || o.status === 'symlink' || o.status === 'submodule') ? o.status : undefined);

export interface ReadOptions {
  /** Lets worker threads build the filter; without it everything is read on this thread. */
  ref?: FilterRef;
  /** Reading threads in all, this one included (default: the machine's cores, at most 4). */
  threads?: number;
  onProgress?: (done: number, total: number) => void;
}

/** Files read on this thread, and outcomes that came from reading threads (for tests). */
export const readStats = { reads: 0, viaWorkers: 0 };

/** Below this many files a worker's start-up costs more than it saves. */
const MIN_FILES_PER_THREAD = 4000;
const CHUNK = 256;

/** Reads and filters one file; undefined when the file is read fine but not kept. */
export function readOne(c: Candidate, filter: FileFilter): Outcome | undefined {
  readStats.reads++;
  const e = readEntry(c, filter.maxBytes(c.rel));
  if (e.kind !== 'read') return e.kind === 'gone' ? { status: 'gone' } : e.kind === 'symlink' ? { status: 'symlink' } : { status: 'submodule' };
  const r = e.result;
  // The bytes may sit in the reading buffer, which the next read reuses: a kept file gets its own.
  if (r.ok) return filter.keep(c.rel, r.file.text) ? { status: 'kept', file: { ...r.file, raw: Buffer.from(r.file.raw) } } : undefined;
  return { status: 'failed', reason: r.reason, hadRaw: !!r.raw, mentions: r.raw ? filter.mentions(r.raw) : false };
}

export function readChunk(files: readonly Candidate[], filter: FileFilter): (Outcome | undefined)[] {
  return files.map((c) => readOne(c, filter));
}

/**
 * Reads every file and keeps only what the filter keeps: the rest is dropped as soon as it is
 * tested, so memory follows the candidates, not the tree. With enough files, worker threads read
 * chunks too (reading is system calls and UTF-8 decoding, which both cores can share). Outcomes
 * come back in the files' order, whichever thread read them.
 */
export async function readFiles(files: readonly Candidate[], filter: FileFilter, opts: ReadOptions = {}): Promise<(Outcome | undefined)[]> {
  const total = files.length;
  const out: (Outcome | undefined)[] = new Array(total);
  // Asked for explicitly (tests), the count is taken as given; otherwise it follows the work.
  const threads = opts.threads ?? Math.max(1, Math.min(4, os.availableParallelism(), Math.floor(total / MIN_FILES_PER_THREAD)));
  const useWorkers = opts.ref ? Math.min(threads - 1, Math.ceil(total / CHUNK)) : 0;
  let next = 0;
  let done = 0;
  const take = (): [number, number] | null => {
    if (next >= total) return null;
    const start = next;
    next = Math.min(total, next + CHUNK);
    return [start, next];
  };
  const settle = (start: number, outcomes: (Outcome | undefined)[]) => {
    for (let k = 0; k < outcomes.length; k++) out[start + k] = outcomes[k];
    done += outcomes.length;
    opts.onProgress?.(done, total);
  };

  const workers = useWorkers > 0 ? Array.from({ length: useWorkers }, () => startWorker(opts.ref!, files, take, settle)) : [];
  // This thread reads too, a chunk at a time, letting the workers' answers in between.
  for (let range = take(); range; range = take()) {
    settle(range[0], readChunk(files.slice(range[0], range[1]), filter));
    if (workers.length) await new Promise((r) => setImmediate(r));
  }
  // Chunks a failed worker held are read here.
  const leftovers = (await Promise.all(workers)).flat();
  for (const [start, end] of leftovers) settle(start, readChunk(files.slice(start, end), filter));
  return out;
}

type Wire = { status: 'kept'; file: Omit<SourceFile, 'raw'> & { raw: Uint8Array } } | Exclude<Outcome, { status: 'kept' }> | null;

/** One worker taking chunks until none is left; resolves with the chunks it could not finish. */
function startWorker(ref: FilterRef, files: readonly Candidate[], take: () => [number, number] | null, settle: (start: number, o: (Outcome | undefined)[]) => void): Promise<[number, number][]> {
  return new Promise((resolve) => {
    const worker = new Worker(new URL('./read-worker.js', import.meta.url), { workerData: { ref } });
    let held: [number, number] | null = null;
    let finished = false;
    const finish = (unfinished: [number, number][]) => {
      if (finished) return;
      finished = true;
      void worker.terminate();
      resolve(unfinished);
    };
    const send = () => {
      held = take();
      if (!held) return finish([]);
      worker.postMessage({ start: held[0], files: files.slice(held[0], held[1]).map(wireCandidate) });
    };
    worker.on('message', (m: { ready?: true; start?: number; outcomes?: Wire[] }) => {
      if (m.outcomes && m.start !== undefined) {
        held = null;
        readStats.viaWorkers += m.outcomes.length;
        settle(m.start, m.outcomes.map((o) => (o === null ? undefined : o.status === 'kept' ? { status: 'kept', file: { ...o.file, raw: Buffer.from(o.file.raw.buffer, o.file.raw.byteOffset, o.file.raw.byteLength) } } : o)));
      }
      send();
    });
    // A worker that cannot start or fails hands its chunk back; this thread reads it.
    worker.on('error', () => finish(held ? [held] : []));
    worker.on('exit', () => finish(held ? [held] : []));
  });
}
