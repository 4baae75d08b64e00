import type { Report } from './model.js';

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
}

const ansi = (code: number, reset: number) => (s: string) => `\x1b[${code}m${s}\x1b[${reset}m`;
export const colors: Style = { bold: ansi(1, 22), dim: ansi(2, 22), red: ansi(31, 39), green: ansi(32, 39), yellow: ansi(33, 39), cyan: ansi(36, 39) };
export const plain: Style = { bold: (s) => s, dim: (s) => s, red: (s) => s, green: (s) => s, yellow: (s) => s, cyan: (s) => s };

export function colorDiff(diff: string, st: Style): string {
  return diff
    .split('\n')
    .map((l) =>
      l.startsWith('diff --git') || l.startsWith('new file mode ') || l.startsWith('--- ') || l.startsWith('+++ ')
        ? st.bold(l)
        : l.startsWith('@@')
          ? st.cyan(l)
          : l.startsWith('+')
            ? st.green(l)
            : l.startsWith('-')
              ? st.red(l)
              : l,
    )
    .join('\n');
}

/** Every skipped file by name: first those that may need a change by hand, then the rest. */
function skipLines(report: Report, st: Style): string[] {
  const relevant = report.skipped.filter((s) => s.relevant);
  const other = report.skipped.filter((s) => !s.relevant);
  const out: string[] = [];
  if (relevant.length) out.push(st.yellow(`  skipped, may need a change by hand (${relevant.length}): they mention the driver or could not be read`));
  for (const s of relevant) out.push(`    ${s.path}  ${st.dim(s.reason)}`);
  if (other.length) out.push(st.dim(`  skipped (${other.length}):`));
  for (const s of other) out.push(st.dim(`    ${s.path}  ${s.reason}`));
  return out;
}

export function printHuman(report: Report, st: Style, mask: (s: string) => string): string {
  const out: string[] = [];
  for (const f of report.files) out.push(colorDiff(mask(f.diff).replace(/\n$/, ''), st));
  if (report.files.length) out.push('');
  const s = report.summary;
  const verb = report.mode === 'write' ? (report.written ? 'wrote' : 'nothing written') : report.mode === 'check' ? 'check' : 'dry run';
  out.push(st.bold(`migrate-driver ${report.command}: ${verb}`));
  const toCreate = s.filesCreated ? ` and ${s.filesCreated} to create` : '';
  out.push(`  files: ${s.filesScanned} scanned, ${s.filesRead} mention the driver, ${s.filesParsed} parsed, ${s.filesChanged - s.filesCreated} to change${toCreate}${report.written ? ' (written)' : ''}; ${s.filesIgnored} ignored by .gitignore and default skips`);
  const created = report.files.filter((f) => f.created);
  if (created.length) out.push(`  ${report.written ? 'created' : 'to create'} (${created.length}): ${created.map((f) => f.path).join(', ')}`);
  const kinds = Object.entries(s.editsByKind).sort((a, b) => b[1] - a[1]);
  out.push(`  edits: ${s.edits}${kinds.length ? ` (${kinds.map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`);
  if (report.followUps.length) {
    out.push(st.yellow(`  follow-ups (${report.followUps.length}), marked "migrate-driver: TODO" where the file allows comments:`));
    for (const f of report.followUps) out.push(`    ${f.path}:${f.line}  ${mask(f.message)}${f.marked ? '' : st.dim(' (not marked)')}`);
  }
  for (const n of report.notes) out.push(`  note: ${mask(n)}`);
  if (report.relock.length) {
    out.push(st.yellow(`  re-lock needed (lockfiles are never edited):`));
    for (const p of report.relock) out.push(`    ${p}`);
  }
  out.push(...skipLines(report, st));
  if (report.mode === 'dry-run' && report.files.length) out.push(st.dim('  nothing was written; run again with --write to apply, or --patch FILE to save a patch'));
  if (report.mode === 'check' && !report.files.length && report.summary.skippedRelevant) out.push(st.yellow(`  check incomplete: ${report.summary.skippedRelevant} file${report.summary.skippedRelevant === 1 ? '' : 's'} that may need a change could not be checked (listed above)`));
  return `${out.join('\n')}\n`;
}
