import { parentPort, workerData } from 'node:worker_threads';
import type { Candidate } from './discover.js';
import { readChunk, type FileFilter, type FilterRef } from './read-files.js';

// A reading thread: builds the run's filter from its module, then reads the chunks it is sent.
const ref = (workerData as { ref: FilterRef }).ref;
const filter = (await (await import(ref.module))[ref.name](ref.arg)) as FileFilter;
parentPort!.on('message', (m: { start: number; files: Candidate[] }) => {
  const outcomes = readChunk(m.files, filter).map((o) => o ?? null);
  parentPort!.postMessage({ start: m.start, outcomes });
});
parentPort!.postMessage({ ready: true });
