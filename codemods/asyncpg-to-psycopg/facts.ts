import type { ScannedFile } from '../../src/codemod/types.js';

/** What the whole workspace says, gathered before any edit (OpenRewrite's scanning recipes). */
export interface Facts {
  /** The code uses connection pools of the driver (asyncpg.create_pool), so psycopg-pool is needed. */
  usesPools: boolean;
  /** A manifest already declares psycopg-pool (or psycopg[pool]). */
  declaresPool: boolean;
}

export function scanFacts(files: readonly ScannedFile[]): Facts {
  let usesPools = false;
  let declaresPool = false;
  for (const { file, kind } of files) {
    if (kind === 'python' && (/\bcreate_pool\b/.test(file.text) || /\bpsycopg_pool\b/.test(file.text))) usesPools = true;
    if ((kind === 'requirements' || kind === 'pyproject' || kind === 'pipfile' || kind === 'setup-cfg') && /psycopg[-_]pool|psycopg\[[^\]]*pool/i.test(file.text)) declaresPool = true;
  }
  return { usesPools, declaresPool };
}
