import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PlannedWrite, WriteFs } from '../../src/edits/atomic-write.js';

export interface Tree {
  dir: string;
  writes: PlannedWrite[];
  /** Each target's path relative to dir. */
  names: string[];
}

/**
 * A temp folder with n small files (spread over two subfolders when `nested`), and a write that
 * changes each; the files at the indexes in `create` do not exist yet, and the write creates them.
 */
export function makeTree(n: number, { nested = false, mode = 0o640, create = [] as number[] } = {}): Tree {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-edits-'));
  const writes: PlannedWrite[] = [];
  const names: string[] = [];
  for (let i = 0; i < n; i++) {
    const name = nested ? path.join(i % 2 ? 'b' : 'a', `f${i}.py`) : `f${i}.py`;
    const p = path.join(dir, name);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    names.push(name);
    if (create.includes(i)) {
      writes.push({ absPath: p, content: Buffer.from(`x = ${i + 100}\r\n`), expected: Buffer.alloc(0), create: true });
      continue;
    }
    const before = Buffer.from(`x = ${i}\r\n`);
    fs.writeFileSync(p, before, { mode });
    fs.chmodSync(p, mode);
    writes.push({ absPath: p, content: Buffer.from(`x = ${i + 100}\r\n`), expected: before });
  }
  return { dir, writes, names };
}

/**
 * "old" or "new" when every target holds one side of the write, else what each holds. A file the
 * write creates is "old" while it does not exist.
 */
export function treeState(t: Tree): string {
  const each = t.writes.map((w) => {
    const st = fs.lstatSync(w.absPath, { throwIfNoEntry: false });
    if (!st && w.create) return 'old';
    if (!st?.isFile()) return st ? 'not-a-file' : 'missing';
    if (w.create) return fs.readFileSync(w.absPath).equals(w.content) ? 'new' : 'other';
    const b = fs.readFileSync(w.absPath);
    return b.equals(w.expected) ? 'old' : b.equals(w.content) ? 'new' : 'other';
  });
  return each.every((s) => s === each[0]) ? each[0]! : each.join(',');
}

/** Every name under dir that a write or its journal creates (temps, backups, journals). */
export function leftovers(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((n) => path.basename(n).includes('migrate-driver'));
}

const OPS = [
  'openSync',
  'closeSync',
  'writeSync',
  'readFileSync',
  'fstatSync',
  'lstatSync',
  'fsyncSync',
  'fsync',
  'fchownSync',
  'fchmodSync',
  'linkSync',
  'renameSync',
  'unlinkSync',
  'existsSync',
] as const satisfies readonly (keyof WriteFs)[];

export type Op = (typeof OPS)[number];

/** The real file system with a hook that runs before every call (and may throw to make it fail). */
export function hookedFs(hook: (op: Op, args: unknown[]) => void): WriteFs {
  const out: Record<string, unknown> = {};
  for (const op of OPS) {
    const real = fs[op] as (...a: unknown[]) => unknown;
    out[op] = (...args: unknown[]) => {
      hook(op, args);
      return real(...args);
    };
  }
  return out as unknown as WriteFs;
}

/** A file system on which the calling "process" dies: from the moment `dies` says so, every call throws without doing anything. */
export function dyingFs(dies: (op: Op, args: unknown[], n: number) => boolean): { fs: WriteFs; calls: () => number; died: () => boolean } {
  let n = 0;
  let dead = false;
  const f = hookedFs((op, args) => {
    n++;
    if (dead || dies(op, args, n)) {
      dead = true;
      throw new Error('killed');
    }
  });
  return { fs: f, calls: () => n, died: () => dead };
}

/** Runs f, ignoring the error a simulated kill makes it throw. */
export async function survive(f: () => Promise<void>): Promise<void> {
  try {
    await f();
  } catch {
    /* the simulated process died */
  }
}

/** Makes a journal written by this (live) test process look like the leftover of a dead one. */
export function orphanJournal(journal: string): void {
  const gone = spawnSync(process.execPath, ['-e', '']).pid; // a process that has exited
  const j = JSON.parse(fs.readFileSync(journal, 'utf8'));
  fs.writeFileSync(journal, JSON.stringify({ ...j, writer: { ...j.writer, pid: gone, started: null } }));
}
