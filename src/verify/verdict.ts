import { handlesDeallocateAll } from '../drivers/poolers.js';
import { isPoolerSafe } from '../drivers/policy.js';
import { DEALLOCATE_ALL } from '../drivers/session-state.js';
import type { ProbeResult } from './live/probe.js';
import type { Observed } from './observe/proof.js';
import type { Site } from './static/site.js';

export interface Verdict {
  exit: 0 | 1 | 2;
  /** One line, with the evidence that decided it. */
  summary: string;
  offending: Site[];
}

/**
 * Whether a site breaks on this statement-keeping pooler: SQL PREPARE always; SQL DEALLOCATE of a
 * named statement unless the probe saw it work there; DEALLOCATE ALL / DISCARD ALL unless the
 * pooler's version is known to handle them (an unknown version is not proof).
 */
export function breaksOnKeepingPooler(s: Site, probe: ProbeResult): boolean {
  if (!s.keepingPooler) return false;
  switch (s.keepingNeeds ?? 'always') {
    case 'always':
      return true;
    case 'sql-deallocate':
      return probe.sqlDeallocate !== 'works';
    case 'deallocate-all':
      return handlesDeallocateAll(probe.poolerVersion) !== true;
  }
}

/** Why those sites break there, once each, with what the probe saw. */
function keepingReasons(still: readonly Site[], probe: ProbeResult): string {
  const why = new Set<string>();
  for (const s of still) {
    const need = s.keepingNeeds ?? 'always';
    const seen = need === 'sql-deallocate' ? (probe.sqlDeallocate === 'breaks' ? ' (seen here: SQL DEALLOCATE failed)' : ' (not tested here)') : need === 'deallocate-all' ? (probe.poolerVersion ? ` (${probe.poolerVersion} reported)` : ' (the pooler version could not be read from its admin console)') : '';
    why.add(`${s.keepingPooler!}${seen}`);
  }
  return [...why].join('; ');
}

const paramsKey = (p: Record<string, string>) => JSON.stringify(Object.entries(p).sort());

/** Sites whose start-up parameters the endpoint refused, with its words. */
function refusedAtStartup(sites: readonly Site[], probe: ProbeResult): { offending: Site[]; why: string[] } {
  const refused = new Map((probe.startup ?? []).filter((t) => t.answer.accepted === false).map((t) => [paramsKey(t.params), t.answer.message]));
  const offending = sites.filter((s) => s.startupParams && refused.has(paramsKey(s.startupParams)));
  return { offending, why: [...new Set(offending.map((s) => refused.get(paramsKey(s.startupParams!))!))] };
}

function startupVerdict(sites: readonly Site[], probe: ProbeResult): Verdict | null {
  const { offending, why } = refusedAtStartup(sites, probe);
  if (!offending.length) return null;
  return { exit: 1, summary: `unsafe: the endpoint refuses the start-up parameters ${offending.length === 1 ? 'a connection site sends' : `${offending.length} connection sites send`} (${why.join('; ')}), whatever its pooling mode`, offending };
}

/**
 * Safe when the endpoint does not share server connections, or keeps named statements across
 * them, or every site is proven never to reuse a named statement. An "unknown" site is never safe.
 */
export function decide(sites: readonly Site[], probe: ProbeResult): Verdict {
  if (!probe.ok) return { exit: 2, summary: `undecidable: ${probe.failure?.message ?? 'the endpoint could not be probed'}`, offending: [] };
  // Refused at connect: nothing else matters, session mode included.
  const startup = startupVerdict(sites, probe);
  if (startup) return startup;
  if (probe.sharing === 'not-shared') return { exit: 0, summary: 'safe: the endpoint gives each client its own server connection, so named statements stay where they were made', offending: [] };
  if (probe.keepsNamed === true) {
    // A statement-keeping pooler tracks protocol-level statements only: SQL PREPARE/DEALLOCATE, and
    // psycopg's SQL DEALLOCATE on libpq < 17, still break there.
    const still = sites.filter((s) => breaksOnKeepingPooler(s, probe));
    if (still.length) return { exit: 1, summary: `unsafe: the pooler keeps protocol-level named statements, but ${still.length} connection site${still.length === 1 ? '' : 's'} still break there (${keepingReasons(still, probe)})`, offending: still };
    return { exit: 0, summary: 'safe: the pooler shares server connections but keeps named statements across them', offending: [] };
  }
  // No site found proves nothing about the code (a wrong path, an unknown framework): never "safe".
  if (!sites.length) return { exit: 2, summary: 'undecidable: the endpoint may share server connections, and no connection site was found in the given paths to show the code is safe; point verify at the code that connects, or observe a run with -- <command>', offending: [] };
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

/**
 * With observation: what the driver really sent decides. Named statements, SQL PREPARE or
 * 26000/42P05 behind a sharing pooler make it unsafe; a clean observation proves the "unknown"
 * sites that ran, but not static "named" sites the command may not have exercised. An observation
 * that proved nothing (no connection got in, no statement was sent) changes nothing: the verdict
 * is the one without it, or undecidable when the command failed.
 */
export function decideObserved(sites: readonly Site[], probe: ProbeResult, obs: Observed): Verdict {
  const base = decide(sites, probe);
  if (!probe.ok || startupVerdict(sites, probe)) return base;
  const { exit, startError } = obs.command;
  const ran = exit === 0 && !startError;
  const failed = startError ? ` (the command could not be started: ${startError})` : ran ? '' : ` (the command itself failed${exit === null ? '' : ` with exit ${exit}`})`;
  const proved = obs.provedNothing ? '; the observation proved nothing' : '';
  const sawNamed = obs.named.length > 0 || obs.sqlPrepare.length > 0 || obs.errors.length > 0;
  if (probe.sharing === 'not-shared') return { exit: ran ? 0 : 2, summary: `${ran ? 'safe' : 'undecidable'}: the endpoint gives each client its own server connection${failed}${proved}`, offending: [] };
  if (probe.keepsNamed === true) {
    // It keeps protocol-level statements only: SQL PREPARE, or errors the run really got, still decide.
    const sql = obs.sqlPrepare.filter((p) => !(DEALLOCATE_ALL.test(p.text) && handlesDeallocateAll(probe.poolerVersion) === true));
    const sawBreak = sql.length > 0 || obs.errors.length > 0;
    if (sawBreak) return { exit: 1, summary: `unsafe: the pooler keeps protocol-level named statements, but the driver sent ${[sql.length && 'SQL-level PREPARE/EXECUTE/DEALLOCATE', obs.errors.length && `${obs.errors.reduce((n, e) => n + e.count, 0)} prepared-statement errors (26000/42P05) came back`].filter(Boolean).join(', and ')}${failed}`, offending: sites.filter((s) => breaksOnKeepingPooler(s, probe)) };
    if (base.exit === 1) return { ...base, summary: `${base.summary}${failed}${proved}` };
    return { exit: ran ? 0 : 2, summary: `${ran ? 'safe' : 'undecidable'}: the pooler keeps named statements across server connections${failed}${proved}`, offending: [] };
  }
  const named = sites.filter((s) => s.policy.kind === 'named-immediately' || s.policy.kind === 'named-after');
  if (sawNamed) {
    const what = [obs.named.length && `${obs.named.length} named statement${obs.named.length === 1 ? '' : 's'}`, obs.sqlPrepare.length && 'SQL-level PREPARE/EXECUTE', obs.errors.length && `${obs.errors.reduce((n, e) => n + e.count, 0)} prepared-statement errors (26000/42P05)`].filter(Boolean).join(', ');
    return { exit: 1, summary: `unsafe: the driver sent ${what} to an endpoint that shares server connections and does not keep them${failed}`, offending: named };
  }
  if (obs.provedNothing) {
    // Only the audit and the probes speak; a failed command cannot leave it at "safe".
    if (base.exit === 0 && !ran) return { exit: 2, summary: `undecidable${failed}: the observation proved nothing`, offending: [] };
    return { ...base, summary: `${base.summary}${failed}${proved}` };
  }
  if (!ran) return { exit: 2, summary: `undecidable${failed}: no named statements were seen before it stopped`, offending: [] };
  if (named.length) return { exit: 1, summary: `unsafe: nothing named was seen while the command ran, but ${named.length} connection site${named.length === 1 ? '' : 's'} prepare named statements when used`, offending: named };
  return { exit: 0, summary: `safe: the command ran ${obs.connections} connection${obs.connections === 1 ? '' : 's'} and ${obs.statements} statement${obs.statements === 1 ? '' : 's'} through the endpoint's pooling and sent no named statement`, offending: [] };
}
