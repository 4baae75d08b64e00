import type { Report } from './model.js';

/** Machine-readable result; `mask` is applied to every string so no password leaves the process. */
export function printJson(report: Report, mask: (s: string) => string): string {
  return `${mask(JSON.stringify(report, null, 2))}\n`;
}
