import * as path from 'node:path';
import { printSites, siteCounts } from '../report/audit-human.js';
import { colors, plain } from '../report/human.js';
import { printSarif } from '../report/sarif.js';
import { secretFilter } from '../urls/mask.js';
import { runAudit, type AuditResult } from '../verify/static/audit.js';
import { PathError } from '../workspace/discover.js';
import { chooseRoot } from '../workspace/root.js';
import { firstTargetProblem } from '../workspace/targets.js';
import type { Io } from './codemod-command.js';
import { EXIT } from './exit-codes.js';
import { progressReporter } from './progress.js';

// The audit alone: no driver, no sockets. verify-command.ts adds the live part (and loads pg).

export interface AuditFlags {
  paths: string[];
  format: 'human' | 'json' | 'sarif';
  showSecrets: boolean;
  include: string[];
  exclude: string[];
  color?: boolean;
}

export const VERSION = '0.1.0';

/** The static audit of the paths, or an exit code after a one-line error. */
export async function audit(flags: AuditFlags, io: Io, url?: Parameters<typeof runAudit>[0]['url']): Promise<AuditResult | number> {
  const paths = flags.paths.length ? flags.paths : ['.'];
  const problem = firstTargetProblem(paths, io.cwd);
  if (problem) {
    io.err(`migrate-driver: ${problem}\n`);
    return EXIT.ERROR;
  }
  const progress = progressReporter('migrate-driver audit: reading');
  try {
    return await runAudit({ root: chooseRoot(paths, io.cwd), paths: paths.map((p) => path.resolve(io.cwd, p)), include: flags.include, exclude: flags.exclude, url, onProgress: (d, t) => progress.tick(d, t) });
  } catch (err) {
    if (err instanceof PathError) {
      io.err(`migrate-driver: ${err.message}\n`);
      return EXIT.ERROR;
    }
    throw err;
  } finally {
    progress.done();
  }
}

export const style = (flags: AuditFlags, io: Io) => ((flags.color ?? (io.isTTY && !process.env.NO_COLOR)) ? colors : plain);

export async function auditCommand(flags: AuditFlags, io: Io): Promise<number> {
  const r = await audit(flags, io);
  if (typeof r === 'number') return r;
  const mask = secretFilter(flags.showSecrets);
  const unsafe = r.sites.some((s) => s.policy.kind !== 'never' && s.policy.kind !== 'named-unique');
  if (flags.format === 'sarif') io.out(printSarif(r.sites, VERSION, mask));
  else if (flags.format === 'json') io.out(`${JSON.stringify({ command: 'audit', root: r.root, sites: r.sites, skipped: r.skipped, notes: r.notes, warnings: r.warnings, counts: r.counts }, (_k, v: unknown) => (typeof v === 'string' ? mask(v) : v), 2)}\n`); // strings masked before serialising: masking JSON text can break it
  else {
    const st = style(flags, io);
    io.out(`${st.bold('migrate-driver audit')}: prepared-statement behaviour of every connection site\n`);
    io.out(printSites(r.sites, st, mask));
    io.out(`  ${siteCounts(r.sites)}\n`);
    for (const n of r.notes) io.out(`  note: ${n}\n`);
    io.out(sessionWarnings(r, st));
    for (const s of r.skipped) io.out(`  skipped ${s.rel}: ${s.reason}\n`);
    if (unsafe) io.out(st.dim('  behind a transaction pooler without prepared-statement support, apply each fix (or run verify --url to check the real endpoint)\n'));
  }
  return unsafe ? EXIT.CHANGES_PENDING : EXIT.OK;
}

/** Session state found in the code: fine on a direct connection, lost or leaked through a transaction pooler. */
export function sessionWarnings(r: AuditResult, st: ReturnType<typeof style>): string {
  if (!r.warnings.length) return '';
  const lines = [st.yellow(`  session state in the code's SQL (${r.warnings.length}): a transaction pooler does not keep it for the client`)];
  for (const w of r.warnings) lines.push(`    ${w.path}:${w.line}  ${w.kind}  ${st.dim(w.text)}`);
  return `${lines.join('\n')}\n`;
}
