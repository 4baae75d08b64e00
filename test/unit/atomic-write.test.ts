import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitWrites, WriteAbortedError, type PlannedWrite, type WriteFs } from '../../src/edits/atomic-write.js';

let dir: string;
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function setup(n: number): { writes: PlannedWrite[]; originals: Map<string, Buffer> } {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-write-'));
  const writes: PlannedWrite[] = [];
  const originals = new Map<string, Buffer>();
  for (let i = 0; i < n; i++) {
    const p = path.join(dir, `f${i}.py`);
    const before = Buffer.from(`x = ${i}\r\n`);
    fs.writeFileSync(p, before, { mode: 0o640 });
    originals.set(p, before);
    writes.push({ absPath: p, content: Buffer.from(`x = ${i * 10}\r\n`), expected: before });
  }
  return { writes, originals };
}

/** The real file system, failing on the n-th call of one operation. */
function failingOn(op: 'renameSync' | 'writeFileSync', n: number): WriteFs {
  let calls = 0;
  const wrap = <A extends unknown[], R>(name: string, f: (...a: A) => R) => (...a: A): R => {
    if (name === op && ++calls === n) throw new Error(`injected ${op} failure #${n}`);
    return f(...a);
  };
  return {
    writeFileSync: wrap('writeFileSync', (p: string, d: Buffer, o: { mode: number; flag: string }) => fs.writeFileSync(p, d, o)),
    renameSync: wrap('renameSync', (a: string, b: string) => fs.renameSync(a, b)),
    unlinkSync: (p: string) => fs.unlinkSync(p),
    readFileSync: (p: string) => fs.readFileSync(p),
    statSync: (p: string) => fs.statSync(p),
  };
}

const listing = () => fs.readdirSync(dir).sort();
const unchanged = (originals: Map<string, Buffer>) => [...originals].every(([p, b]) => fs.readFileSync(p).equals(b));

describe('all-or-nothing writes', () => {
  it('writes every file, keeps modes, leaves no temporary files', () => {
    const { writes } = setup(4);
    commitWrites(writes);
    for (const w of writes) {
      expect(fs.readFileSync(w.absPath).equals(w.content)).toBe(true);
      expect(fs.statSync(w.absPath).mode & 0o777).toBe(0o640);
    }
    expect(listing()).toEqual(['f0.py', 'f1.py', 'f2.py', 'f3.py']);
  });

  for (const [op, n] of [['writeFileSync', 3], ['renameSync', 1], ['renameSync', 4], ['renameSync', 6]] as const) {
    it(`a failure at ${op} #${n} leaves the tree unchanged`, () => {
      const { writes, originals } = setup(4);
      expect(() => commitWrites(writes, failingOn(op, n))).toThrow(/injected/);
      expect(unchanged(originals)).toBe(true);
      expect(listing()).toEqual(['f0.py', 'f1.py', 'f2.py', 'f3.py']);
    });
  }

  it('refuses when a file changed on disk after it was read', () => {
    const { writes, originals } = setup(3);
    fs.writeFileSync(writes[1]!.absPath, 'edited meanwhile\n');
    originals.set(writes[1]!.absPath, Buffer.from('edited meanwhile\n'));
    expect(() => commitWrites(writes)).toThrow(WriteAbortedError);
    expect(unchanged(originals)).toBe(true);
    expect(listing()).toEqual(['f0.py', 'f1.py', 'f2.py']);
  });
});
