import * as fs from 'node:fs';
import * as path from 'node:path';
import { commitWrites, type PlannedWrite } from '../edits/atomic-write.js';
import { runCodemod } from '../codemod/run.js';
import { CODEMODS } from '../codemod/registry.js';
import { buildReport } from '../report/model.js';
import { colors, plain, printHuman } from '../report/human.js';
import { printJson } from '../report/json.js';
import { maskSecrets, secretFilter } from '../urls/mask.js';
import { BadUrlError, parseEndpoint } from '../verify/live/endpoint-url.js';
import type { Codemod } from '../codemod/types.js';
import { PathError } from '../workspace/discover.js';
import { dirtyPaths, GitStateError } from '../workspace/git-guard.js';
import { chooseRoot } from '../workspace/root.js';
import { firstTargetProblem } from '../workspace/targets.js';
import { encodeSourceText } from '../workspace/source-file.js';
import { EXIT } from './exit-codes.js';
import { progressReporter } from './progress.js';

export interface CodemodFlags {
  paths: string[];
  write: boolean;
  check: boolean;
  json: boolean;
  patch?: string;
  allowDirty: boolean;
  showSecrets: boolean;
  include: string[];
  exclude: string[];
  color?: boolean;
  /** pooler-safe: the live endpoint, so that only what it needs is written. */
  url?: string;
  /** asyncpg-to-psycopg: how ported SQL writes its parameters (raw `$n` or psycopg's `%s`). */
  placeholders?: string;
}

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
  isTTY: boolean;
}

/** Probes the endpoint first: a codemod that cannot see it must not guess what it needs. */
async function forEndpoint(codemod: Codemod<unknown>, url: string, io: Io): Promise<Codemod<unknown> | number> {
  if (!codemod.forEndpoint) {
    io.err(`migrate-driver: --url applies to pooler-safe only\n`);
    return EXIT.ERROR;
  }
  let ep;
  try {
    ep = parseEndpoint(url);
  } catch (err) {
    if (!(err instanceof BadUrlError)) throw err;
    io.err(`migrate-driver: ${maskSecrets(err.message)}\n`);
    return EXIT.ERROR;
  }
  // Loaded here: the driver it probes with costs every other run its start-up.
  const { probeEndpoint } = await import('../verify/live/probe.js');
  const probe = await probeEndpoint(ep);
  if (!probe.ok) {
    io.err(`migrate-driver: cannot probe ${ep.host}:${ep.port}/${ep.database}: ${maskSecrets(probe.failure?.message ?? 'unknown failure')}; without --url, pooler-safe writes what any pooler needs\n`);
    return EXIT.ERROR;
  }
  return codemod.forEndpoint({ where: `${ep.host}:${ep.port}/${ep.database}`, probe });
}

export async function codemodCommand(name: string, flags: CodemodFlags, io: Io): Promise<number> {
  const entry = CODEMODS[name];
  if (!entry) {
    io.err(`migrate-driver: unknown codemod "${name}" (see: migrate-driver list)\n`);
    return EXIT.ERROR;
  }
  if (flags.write && flags.check) {
    io.err('migrate-driver: --write and --check cannot be combined (--check never writes)\n');
    return EXIT.ERROR;
  }
  const paths = flags.paths.length ? flags.paths : ['.'];
  const problem = firstTargetProblem(paths, io.cwd);
  if (problem) {
    io.err(`migrate-driver: ${problem}\n`);
    return EXIT.ERROR;
  }
  const root = chooseRoot(paths, io.cwd);
  const mask = secretFilter(flags.showSecrets);

  if (flags.write && !flags.allowDirty) {
    let dirty: string[];
    try {
      dirty = dirtyPaths(paths.map((p) => path.resolve(io.cwd, p)));
    } catch (err) {
      if (!(err instanceof GitStateError)) throw err;
      io.err(`migrate-driver: refusing to write: cannot tell whether the target has uncommitted changes (${err.message}); fix that, or pass --allow-dirty to write without this check\n`);
      return EXIT.DIRTY_TREE;
    }
    if (dirty.length) {
      io.err(
        `migrate-driver: refusing to write: ${dirty.length} uncommitted change${dirty.length === 1 ? '' : 's'} under the target (${dirty.slice(0, 3).join(', ')}${dirty.length > 3 ? ', ...' : ''}).\n` +
          'Commit or stash them first so the migration can be reviewed and undone on its own, or pass --allow-dirty.\n',
      );
      return EXIT.DIRTY_TREE;
    }
  }

  let codemod = await entry.load();
  if (flags.placeholders !== undefined) {
    if (!codemod.withOptions) {
      io.err(`migrate-driver: --placeholders applies to asyncpg-to-psycopg only\n`);
      return EXIT.ERROR;
    }
    codemod = codemod.withOptions({ placeholders: flags.placeholders });
  }
  if (flags.url !== undefined) {
    const forUrl = await forEndpoint(codemod, flags.url, io);
    if (typeof forUrl === 'number') return forUrl;
    codemod = forUrl;
  }
  const progress = progressReporter(`migrate-driver ${name}: reading`);
  let result;
  try {
    result = await runCodemod(codemod, {
      root,
      paths: paths.map((p) => path.resolve(io.cwd, p)),
      include: flags.include,
      exclude: flags.exclude,
      onProgress: (d, t) => progress.tick(d, t),
    });
  } catch (err) {
    progress.done();
    if (err instanceof PathError) {
      io.err(`migrate-driver: ${err.message}\n`);
      return EXIT.ERROR;
    }
    throw err;
  }
  progress.done();

  let written = false;
  let writeError: string | null = null;
  if (flags.patch) {
    const patch = buildReport(result, 'dry-run', false).files.map((f) => f.diff).join('');
    const target = path.resolve(io.cwd, flags.patch);
    try {
      const tmp = `${target}.tmp-${process.pid}`;
      fs.writeFileSync(tmp, patch); // real text, not masked: the patch must apply
      fs.renameSync(tmp, target);
    } catch (err) {
      io.err(`migrate-driver: cannot write the patch to ${flags.patch}: ${(err as NodeJS.ErrnoException).code ?? String(err)}\n`);
      return EXIT.ERROR;
    }
  }
  if (flags.write && result.changed.length) {
    const writes: PlannedWrite[] = result.changed.map((f) => ({ absPath: f.source.abs, content: encodeSourceText(f.source, f.after), expected: f.source.raw, ...(f.created ? { create: true as const } : {}) }));
    try {
      await commitWrites(writes, { root }); // the journal lives in root, where the next run looks for it
      written = true;
    } catch (err) {
      writeError = err instanceof Error ? err.message : String(err);
    }
  }

  const report = buildReport(result, flags.write ? 'write' : flags.check ? 'check' : 'dry-run', written);
  const useColor = flags.color ?? (io.isTTY && !process.env.NO_COLOR);
  io.out(flags.json ? printJson(report, mask) : printHuman(report, useColor ? colors : plain, mask));
  if (flags.patch && !flags.json) io.err(`patch written to ${flags.patch} (${report.files.length} file${report.files.length === 1 ? '' : 's'})\n`);
  if (writeError) {
    io.err(`migrate-driver: write failed, nothing was changed: ${mask(writeError)}\n`);
    return EXIT.ERROR;
  }
  // An open follow-up is work left to do, marked or not: the gate stays shut until the code changes.
  if (flags.check && (result.changed.length || result.followUps.length)) return EXIT.CHANGES_PENDING;
  if (flags.check && report.summary.skippedRelevant) return EXIT.CHECK_INCOMPLETE;
  return EXIT.OK;
}
