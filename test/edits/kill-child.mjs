// A --write killed for real: commits `from` -> `to` over every file in a folder of N files, using
// the built module. Prints "ready" just before the write starts and "done" when it returns.
// With a fifth argument PREFIX, the same write also creates PREFIX-0.txt, PREFIX-1.txt and
// PREFIX-2.txt, placed first, in the middle and last among the edits.
import * as path from 'node:path';

const { commitWrites } = await import(new URL('../../dist/src/edits/atomic-write.js', import.meta.url).href);
const [dir, from, to, count, create] = process.argv.slice(2);
const writes = [];
for (let i = 0; i < Number(count); i++) {
  writes.push({ absPath: path.join(dir, `f${String(i).padStart(5, '0')}.txt`), expected: Buffer.from(`${from} ${i}\n`), content: Buffer.from(`${to} ${i}\n`) });
}
if (create) {
  const created = (k) => ({ absPath: path.join(dir, `${create}-${k}.txt`), expected: Buffer.alloc(0), content: Buffer.from(`created ${create}-${k}\n`), create: true });
  writes.splice(writes.length, 0, created(2));
  writes.splice(writes.length >> 1, 0, created(1));
  writes.unshift(created(0));
}
process.stdout.write('ready\n');
await commitWrites(writes, { root: dir });
process.stdout.write('done\n');
