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
      l.startsWith('diff --git') || l.startsWith('--- ') || l.startsWith('+++ ')
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

/** Groups the many binary/huge-file skips into counts; lists the ones a user must read. */
function skipLines(report: Report, st: Style): string[] {
  const counted = new Map<string, number>();
  const listed: string[] = [];
  for (const s of report.skipped) {
    if (s.reason === 'binary file' || s.reason === 'not valid UTF-8') counted.set(s.reason, (counted.get(s.reason) ?? 0) + 1);
    else listed.push(`    ${s.path}  ${st.dim(s.reason)}`);
  }
  return [...listed, ...[...counted].map(([reason, n]) => `    ${n} file${n === 1 ? '' : 's'}  ${st.dim(reason)}`)];
}

export function printHuman(report: Report, st: Style, mask: (s: string) => string): string {
  const out: string[] = [];
  for (const f of report.files) out.push(colorDiff(mask(f.diff).replace(/\n$/, ''), st));
  if (report.files.length) out.push('');
  const s = report.summary;
  const verb = report.mode === 'write' ? (report.written ? 'wrote' : 'nothing written') : report.mode === 'check' ? 'check' : 'dry run';
  out.push(st.bold(`migrate-driver ${report.command}: ${verb}`));
  out.push(`  files: ${s.filesScanned} scanned, ${s.filesRead} mention the driver, ${s.filesParsed} parsed, ${s.filesChanged} to change${report.written ? ' (written)' : ''}; ${s.filesIgnored} ignored by .gitignore and default skips`);
  const kinds = Object.entries(s.editsByKind).sort((a, b) => b[1] - a[1]);
  out.push(`  edits: ${s.edits}${kinds.length ? ` (${kinds.map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`);
  if (report.followUps.length) {
    out.push(st.yellow(`  follow-ups (${report.followUps.length}), marked "migrate-driver: TODO" where the file allows comments:`));
    for (const f of report.followUps) out.push(`    ${f.path}:${f.line}  ${mask(f.message)}${f.marked ? '' : st.dim(' (not marked)')}`);
  }
  if (report.relock.length) {
    out.push(st.yellow(`  re-lock needed (lockfiles are never edited):`));
    for (const p of report.relock) out.push(`    ${p}`);
  }
  const skips = skipLines(report, st);
  if (skips.length) {
    out.push(st.yellow(`  skipped (${report.skipped.length}):`));
    out.push(...skips);
  }
  if (report.mode === 'dry-run' && report.files.length) out.push(st.dim('  nothing was written; run again with --write to apply, or --patch FILE to save a patch'));
  return `${out.join('\n')}\n`;
}
