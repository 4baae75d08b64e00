import type { FileFilter } from '../workspace/read-files.js';
import { anyOf } from '../workspace/any-of.js';
import { fileKind } from '../workspace/file-kinds.js';
import { MAX_FILE_BYTES } from '../workspace/source-file.js';
import { CODEMODS } from './registry.js';
import type { Codemod } from './types.js';

/** The cheap test that decides whether a file is looked at again: trigger text, or a kind always read, or the codemod's own shape test. */
export function codemodFilter(codemod: Pick<Codemod, 'triggers' | 'alwaysRead' | 'candidate'>): FileFilter {
  const { triggers, alwaysRead, candidate } = codemod;
  const anyTrigger = anyOf(triggers);
  return {
    maxBytes: () => MAX_FILE_BYTES,
    keep: (rel, text) => {
      if (anyTrigger.test(text)) return true;
      const kind = fileKind(rel);
      return !!alwaysRead?.includes(kind) || !!candidate?.(text, kind);
    },
    mentions: (raw) => triggers.some((t) => raw.includes(t)),
  };
}

/** For reading threads: the filter of a codemod by its registered name. */
export async function registeredCodemodFilter(name: string): Promise<FileFilter> {
  return codemodFilter(await CODEMODS[name]!.load());
}

/** Whether reading threads can rebuild this codemod's filter from its name (the same triggers and tests). */
export async function isRegistered(codemod: Codemod<unknown>): Promise<boolean> {
  const entry = CODEMODS[codemod.name];
  if (!entry) return false;
  const reg = await entry.load();
  return reg.triggers === codemod.triggers && reg.alwaysRead === codemod.alwaysRead && reg.candidate === codemod.candidate;
}
