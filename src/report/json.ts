import { maskDeep } from '../urls/mask.js';
import type { Report } from './model.js';

/**
 * JSON text of any printable value. Every string is masked before serialising: masking the
 * serialised text could cut an escape apart and leave invalid JSON.
 */
export function toMaskedJson(value: unknown, mask: (s: string) => string): string {
  return `${JSON.stringify(maskDeep(value, mask), null, 2)}\n`;
}

/** Machine-readable result; no password leaves the process. */
export function printJson(report: Report, mask: (s: string) => string): string {
  return toMaskedJson(report, mask);
}
