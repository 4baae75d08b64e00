import { PSYCOPG_REQUIREMENT } from '../../../src/drivers/index.js';
import type { FileContext } from '../../../src/codemod/types.js';
import { formatRequirement } from '../../../src/languages/config/requirement.js';
import type { Facts } from '../facts.js';

const KINDS = new Set(['dockerfile', 'shell', 'markdown', 'rst']);
// `pip install ... asyncpg[==x] ...` on one line; the package token is swapped, flags are kept.
const PIP_INSTALL = /\bpip3?\s+install\b[^\n]*/g;
const TOKEN = /(^|\s)(["']?)asyncpg(?:\[[^\]\s]*\])?(?:[<>=!~]=?[^\s"']*)?\2(?=\s|$)/g;

/** `pip install asyncpg` in Dockerfiles, scripts and docs installs the new driver instead (quoted, for zsh). */
export function installCommands(ctx: FileContext<Facts>): void {
  if (!KINDS.has(ctx.kind)) return;
  const want = `"${formatRequirement(PSYCOPG_REQUIREMENT)}"`;
  for (const cmd of ctx.file.text.matchAll(PIP_INSTALL)) {
    for (const t of cmd[0].matchAll(TOKEN)) {
      const start = cmd.index + t.index + t[1]!.length;
      const old = t[0].slice(t[1]!.length);
      ctx.edit(start, start + old.length, want, 'dependency', `pip install ${old} -> ${want}`);
    }
  }
}
