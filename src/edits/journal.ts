import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { createDurable, fsyncDir, tryUnlink, type WriteFs } from './durable-fs.js';
import { selfIdentity, type ProcessIdentity } from './process-identity.js';

/**
 * The write journal: the plan of one `--write`, kept in the run's root folder for as long as the
 * tree may be between old and new. The next run on that tree (any command) reads it and finishes
 * or undoes the write (see recover.ts).
 *
 * Phases and what recovery does in each:
 *   staging       temp files are being created; no target touched yet      -> roll back
 *   swapping      every temp is on disk (fsync'd); targets are being swapped -> complete
 *   rolling-back  the writer decided to undo                                -> roll back
 *
 * A file the write creates has `old` = ABSENT: no file at its path is its old state. It is staged
 * like any other and linked into place (never renamed, which could replace a file made meanwhile).
 *
 * Each change of the journal is atomic: a new copy is written and fsync'd, renamed over the old
 * one, and the folder fsync'd, so a kill leaves either the old or the new journal, never a mix.
 */
export const JOURNAL_NAME = '.migrate-driver-journal';
/** The next version of the journal while it is being written; a leftover is never authoritative. */
export const JOURNAL_NEXT = `${JOURNAL_NAME}.new`;

export type Phase = 'staging' | 'swapping' | 'rolling-back';

export interface JournalEntry {
  /** Target path relative to the journal's folder. */
  path: string;
  /** sha256 of the bytes before and after the write; `old` is ABSENT for a file the write creates. */
  old: string;
  new: string;
}

/** The "old" side of a file the write creates: no file at its path. */
export const ABSENT = 'absent';

export interface JournalData {
  tool: 'migrate-driver-journal';
  /** 2 when an entry creates a file: a reader that knows only 1 must leave such a journal alone. */
  version: 1 | 2;
  /** Names this write's temp and backup files. */
  id: string;
  writer: ProcessIdentity;
  phase: Phase;
  files: JournalEntry[];
}

export class JournalBusyError extends Error {}

/** Where entry `i`'s new content is staged and its original kept, beside the target. */
export function sideFiles(target: string, id: string, i: number): { temp: string; backup: string } {
  // The name is cut to 100 bytes so a long file name still leaves room for the suffix (NAME_MAX is
  // 255 bytes); the index keeps cut names apart.
  const short = Buffer.from(path.basename(target)).subarray(0, 100).toString('utf8');
  const stem = path.join(path.dirname(target), `.${short}.migrate-driver-${id}-${i}`);
  return { temp: `${stem}.new`, backup: `${stem}.orig` };
}

export const entryTarget = (dir: string, e: JournalEntry): string => path.resolve(dir, e.path);

const HASH = /^[0-9a-f]{64}$/;

/** A journal names files inside its own folder only: anything else is refused, never acted on. */
const validEntry = (e: Partial<JournalEntry>) =>
  typeof e.path === 'string' && e.path !== '' && !path.isAbsolute(e.path) && !e.path.split(/[\\/]/).includes('..') && (HASH.test(e.old ?? '') || e.old === ABSENT) && HASH.test(e.new ?? '');

function parse(text: string): JournalData {
  const j = JSON.parse(text) as Partial<JournalData>;
  const known = j.tool === 'migrate-driver-journal' && (j.version === 1 || j.version === 2) && typeof j.id === 'string' && /^[0-9a-f]{1,32}$/.test(j.id) && !!j.writer && ['staging', 'swapping', 'rolling-back'].includes(j.phase as string);
  if (!known) throw new Error('not a migrate-driver journal of a known version');
  if (!Array.isArray(j.files) || !j.files.every(validEntry)) throw new Error('the journal names files outside its folder');
  return j as JournalData;
}

/** Reads a journal (or a leftover next version); throws when it cannot be read or parsed. */
export function readJournal(fsys: WriteFs, file: string): JournalData {
  return parse(fsys.readFileSync(file, 'utf8'));
}

export class Journal {
  private constructor(
    readonly dir: string,
    readonly data: JournalData,
    private readonly fsys: WriteFs,
  ) {}

  get file(): string {
    return path.join(this.dir, JOURNAL_NAME);
  }

  /**
   * Records a new plan, durably, before anything else is written. Refuses when another journal is
   * there: a write in progress, or an interrupted one the start of this run could not recover.
   */
  static create(dir: string, files: JournalEntry[], fsys: WriteFs): Journal {
    const version = files.some((f) => f.old === ABSENT) ? 2 : 1;
    const data: JournalData = { tool: 'migrate-driver-journal', version, id: randomBytes(4).toString('hex'), writer: selfIdentity(), phase: 'staging', files };
    const j = new Journal(dir, data, fsys);
    const next = path.join(dir, JOURNAL_NEXT);
    const busy = () => new JournalBusyError(`another migrate-driver --write is in progress in ${dir}, or an interrupted one could not be undone (${JOURNAL_NAME}); nothing was written`);
    if (fsys.existsSync(j.file)) throw busy();
    try {
      createDurable(fsys, next, Buffer.from(JSON.stringify(data)));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw busy();
      throw err;
    }
    try {
      fsys.linkSync(next, j.file); // link, not rename: fails if a journal appeared meanwhile
    } catch (err) {
      tryUnlink(fsys, next);
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw busy();
      throw err;
    }
    tryUnlink(fsys, next);
    fsyncDir(fsys, dir);
    return j;
  }

  /** An existing journal, to be changed by recovery. */
  static open(dir: string, data: JournalData, fsys: WriteFs): Journal {
    return new Journal(dir, data, fsys);
  }

  get phase(): Phase {
    return this.data.phase;
  }

  setPhase(phase: Phase): void {
    const next = path.join(this.dir, JOURNAL_NEXT);
    tryUnlink(this.fsys, next); // only this journal's owner writes it; a leftover is from a kill
    createDurable(this.fsys, next, Buffer.from(JSON.stringify({ ...this.data, phase })));
    this.fsys.renameSync(next, this.file);
    fsyncDir(this.fsys, this.dir);
    this.data.phase = phase;
  }

  remove(): void {
    tryUnlink(this.fsys, path.join(this.dir, JOURNAL_NEXT));
    tryUnlink(this.fsys, this.file);
    fsyncDir(this.fsys, this.dir);
  }
}
