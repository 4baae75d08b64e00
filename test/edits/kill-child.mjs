// A --write killed for real: commits `from` -> `to` over every file in a folder of N files, using
// the built module. Prints "ready" just before the write starts and "done" when it returns.
import * as path from 'node:path';

const { commitWrites } = await import(new URL('../../dist/src/edits/atomic-write.js', import.meta.url).href);
const [dir, from, to, count] = process.argv.slice(2);
const writes = [];
for (let i = 0; i < Number(count); i++) {
  writes.push({ absPath: path.join(dir, `f${String(i).padStart(5, '0')}.txt`), expected: Buffer.from(`${from} ${i}\n`), content: Buffer.from(`${to} ${i}\n`) });
}
process.stdout.write('ready\n');
await commitWrites(writes, { root: dir });
process.stdout.write('done\n');
