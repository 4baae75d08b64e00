import { isPoolerSafe } from '../drivers/policy.js';
import type { ProbeResult } from './live/probe.js';
import type { Site } from './static/site.js';

export interface Verdict {
  exit: 0 | 1 | 2;
  /** One line, with the evidence that decided it. */
  summary: string;
  offending: Site[];
}

/**
 * Safe when the endpoint does not share server connections, or keeps named statements across
 * them, or every site is proven never to reuse a named statement. An "unknown" site is never safe.
 */
export function decide(sites: readonly Site[], probe: ProbeResult): Verdict {
  if (!probe.ok) return { exit: 2, summary: `undecidable: ${probe.failure?.message ?? 'the endpoint could not be probed'}`, offending: [] };
  if (probe.sharing === 'not-shared') return { exit: 0, summary: 'safe: the endpoint gives each client its own server connection, so named statements stay where they were made', offending: [] };
  if (probe.keepsNamed === true) return { exit: 0, summary: 'safe: the pooler shares server connections but keeps named statements across them', offending: [] };
  const offending = sites.filter((s) => !isPoolerSafe(s.policy));
  const how = probe.sharing === 'shared' ? 'the endpoint shares server connections per transaction and does not keep named statements' : 'the endpoint could not be shown to keep each client on one server connection';
  if (!offending.length) return { exit: 0, summary: `safe: ${how}, but no connection site reuses a named statement (${sites.length} checked)`, offending: [] };
  const unknown = offending.filter((s) => s.policy.kind === 'unknown').length;
  return {
    exit: 1,
    summary: `unsafe: ${how}, and ${offending.length} connection site${offending.length === 1 ? '' : 's'} ${unknown === offending.length ? 'cannot be proven safe' : 'may use named prepared statements'}`,
    offending,
  };
}
