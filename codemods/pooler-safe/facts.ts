import type { ScannedFile } from '../../src/codemod/types.js';
import { Versions } from '../../src/verify/static/versions.js';

/** Versions and the project's SQLAlchemy driver, gathered before any edit. */
export interface Facts {
  versions: Versions;
  /** The one `postgresql+X` driver the project's URLs use, if exactly one. */
  dialect: string | null;
}

export function scanFacts(files: readonly ScannedFile[]): Facts {
  const versions = new Versions('.');
  const dialects = new Set<string>();
  for (const { file } of files) {
    if (Versions.isManifest(file.rel)) versions.read(file.rel, file.text);
    for (const m of file.text.matchAll(/\bpostgres(?:ql)?\+(\w+):\/\//g)) dialects.add(m[1]!);
  }
  return { versions, dialect: dialects.size === 1 ? [...dialects][0]! : null };
}
