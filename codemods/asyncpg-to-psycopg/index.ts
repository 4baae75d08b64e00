import type { Codemod } from '../../src/codemod/types.js';
import { scanFacts, type Facts } from './facts.js';
import { hasRawCall, rawCallsOnly, TRIGGERS } from './prefilter.js';
import { PLACEHOLDER_STYLES, type Placeholders } from './rules/raw-port/index.js';
import { dependencies } from './rules/dependencies.js';
import { engineOptions } from './rules/engine-options.js';
import { installCommands } from './rules/install-commands.js';
import { rawApi } from './rules/raw-api.js';
import { symbols } from './rules/symbols.js';
import { urls } from './rules/urls.js';

/** asyncpg -> psycopg 3: deps + URLs + SQLAlchemy engine options + raw asyncpg code + asyncpg symbols. */
export const asyncpgToPsycopg: Codemod<Facts> = {
  name: 'asyncpg-to-psycopg',
  summary: 'Move a SQLAlchemy app from asyncpg to psycopg 3 with prepared statements really off (prepare_threshold=None)',
  triggers: TRIGGERS,
  // Asked only of files with no trigger text (codemodFilter), so the triggers are not searched again.
  candidate: (text, kind) => kind === 'python' && hasRawCall(text),
  alwaysRead: ['requirements', 'pyproject', 'pipfile', 'setup-cfg'],
  relocks: true,
  scan: scanFacts,
  async transform(ctx) {
    // Read for its calls alone, in a project that does not import asyncpg: nothing to port.
    if (ctx.kind === 'python' && !ctx.facts.usesAsyncpg && rawCallsOnly(ctx.file.text)) return;
    if (ctx.kind === 'python') await ctx.python(); // a syntax error skips the whole file, with its reason
    await dependencies(ctx);
    if (ctx.kind === 'lockfile' || ctx.kind === 'other') {
      if (/\+asyncpg\b/.test(ctx.file.text)) ctx.followUp(ctx.file.text.search(/\+asyncpg\b/), 'urls', 'mentions an asyncpg URL, but this file type is not edited; update it by hand', { marker: false });
      return;
    }
    await urls(ctx);
    installCommands(ctx);
    if (ctx.kind === 'python') {
      await engineOptions(ctx);
      const raw = await rawApi(ctx);
      // Held back, a file's raw code keeps running on asyncpg, so its exception classes stay asyncpg's and
      // the symbols rule only reports there; files on the SQLAlchemy side move to psycopg as usual.
      const flaggedOnly = raw.flagged && { handled: new Set<number>(), kept: raw.flagged, handledImports: new Set<number>(), psycopgImported: false };
      await symbols(ctx, raw.done ?? flaggedOnly, ctx.facts.rawHeldBack !== null && raw.rawHere);
    }
  },
};

asyncpgToPsycopg.withOptions = (options) => {
  const unknown = Object.keys(options).filter((k) => k !== 'placeholders');
  if (unknown.length) throw new Error(`asyncpg-to-psycopg has no option ${unknown.join(', ')}`);
  const placeholders = (options.placeholders ?? 'raw') as Placeholders;
  if (!PLACEHOLDER_STYLES.includes(placeholders)) throw new Error(`--placeholders ${placeholders}: expected ${PLACEHOLDER_STYLES.join(' or ')}`);
  return {
    ...asyncpgToPsycopg,
    // A module that reads a prepared statement's text back decides how prepare() is ported.
    triggers: placeholders === 'percent' ? [...asyncpgToPsycopg.triggers, '.get_query('] : asyncpgToPsycopg.triggers,
    scan: (files) => scanFacts(files, { placeholders }),
  };
};

export default asyncpgToPsycopg;
