#!/usr/bin/env node
import { paceHeap } from '../dist/src/cli/heap-pacing.js';
import { main } from '../dist/src/cli/main.js';

paceHeap();

// Output piped into `head` and the like: a closed pipe ends the run quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    // Last resort: a bug in migrate-driver itself. Say so in one line; no stack unless asked.
    process.stderr.write(`migrate-driver: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
    if (process.env.MIGRATE_DRIVER_DEBUG) process.stderr.write(`${err instanceof Error ? err.stack : ''}\n`);
    process.exitCode = 2;
  },
);
