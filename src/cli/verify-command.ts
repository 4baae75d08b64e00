import * as fs from 'node:fs';
import * as path from 'node:path';
import { printSites, siteCounts } from '../report/audit-human.js';
import { printSarif } from '../report/sarif.js';
import { maskSecrets, secretFilter } from '../urls/mask.js';
import { BadUrlError, parseEndpoint } from '../verify/live/endpoint-url.js';
import { probeEndpoint, type ProbeResult } from '../verify/live/probe.js';
import { readPoolerVersion } from '../verify/live/pooler-version.js';
import { tryStartupParams } from '../verify/live/startup-params.js';
import type { Site } from '../verify/static/site.js';
import { DEALLOCATE_ALL } from '../drivers/session-state.js';
import type { Endpoint } from '../verify/live/endpoint-url.js';
import { decide, decideObserved } from '../verify/verdict.js';
import { startProxy } from '../verify/observe/proxy.js';
import { judgeObservation, type Observed } from '../verify/observe/proof.js';
import { printObservation, runCommand, urlThroughProxy } from '../verify/observe/run-command.js';
import { audit, sessionWarnings, style, VERSION, type AuditFlags } from './audit-command.js';
import type { Io } from './codemod-command.js';
import { EXIT } from './exit-codes.js';

export interface VerifyFlags extends AuditFlags {
  url?: string;
  envFile?: string;
  urlVar: string;
  /** After `--`: a command to run with the URL pointed at the recording proxy. */
  command: string[];
  /** Also log in to a database that does not exist, as a pooler hint (leaves a FATAL line in the server log). */
  unknownDbProbe?: boolean;
}

/** KEY=value from an env file (export, quotes and comments allowed). */
function urlFromEnvFile(file: string, name: string): string {
  const text = fs.readFileSync(file, 'utf8');
  const m = new RegExp(`^\\s*(?:export\\s+)?${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s#]*))`, 'm').exec(text);
  const v = m ? (m[1] ?? m[2] ?? m[3] ?? '') : '';
  if (!v) throw new BadUrlError(`${name} is not set in ${file}`);
  return v;
}

/**
 * Only when the verdict turns on it: DEALLOCATE ALL / DISCARD ALL on a statement-keeping pooler
 * (PgBouncer 1.21 breaks, 1.22+ does not), and nothing on the data path tells them apart.
 */
async function readVersionIfDecisive(probe: ProbeResult, ep: Endpoint, decisive: boolean): Promise<void> {
  if (probe.keepsNamed !== true || !decisive) return;
  probe.poolerVersion = await readPoolerVersion(ep);
  probe.evidence.push(probe.poolerVersion ? `the pooler's admin console reports ${probe.poolerVersion}` : 'the pooler\'s version could not be read (SHOW VERSION on its admin console needs a user in admin_users or stats_users)');
}

/** At most this many distinct sets: each is one start-up packet, hung up before authentication. */
const MAX_STARTUP_SETS = 10;

/** Sends each distinct set of start-up parameters the sites use, as the driver would. */
async function tryStartupOfSites(probe: ProbeResult, ep: Endpoint, sites: readonly Site[]): Promise<void> {
  if (!probe.ok) return;
  const sets = new Map<string, Record<string, string>>();
  for (const s of sites) if (s.startupParams) sets.set(JSON.stringify(Object.entries(s.startupParams).sort()), s.startupParams);
  probe.startup = [];
  let filters: boolean | null = null;
  for (const params of [...sets.values()].slice(0, MAX_STARTUP_SETS)) {
    let answer = await tryStartupParams(ep, params);
    // A value the audit could not read was sent empty: refusal by name is proof, acceptance is not.
    // Where the endpoint filters start-up parameters (a made-up name is refused: a pooler, not
    // PostgreSQL), such a site cannot be proven to get in.
    if (answer.accepted === true && Object.values(params).some((v) => v === '')) {
      filters ??= (await tryStartupParams(ep, { migrate_driver_probe: '1' })).accepted === false;
      answer = filters ? { accepted: false, message: `the endpoint filters start-up parameters, and the value of ${Object.keys(params).filter((k) => params[k] === '').join(', ')} could not be read statically to try it` } : { accepted: null, message: 'accepted, but a value could not be read statically and was sent empty' };
    }
    probe.startup.push({ params, answer });
    const names = Object.keys(params).join(', ');
    probe.evidence.push(answer.accepted === true ? `start-up parameters ${names}: accepted` : answer.accepted === false ? `start-up parameters ${names}: refused ("${answer.message}")` : `start-up parameters ${names}: no verdict (${answer.message})`);
  }
}

export async function verifyCommand(flags: VerifyFlags, io: Io): Promise<number> {
  let raw: string;
  let endpoint;
  try {
    if (flags.url) raw = flags.url;
    else if (flags.envFile) raw = urlFromEnvFile(path.resolve(io.cwd, flags.envFile), flags.urlVar);
    else throw new BadUrlError('give the endpoint with --url URL, or --env-file FILE [--url-var NAME]');
    endpoint = parseEndpoint(raw);
  } catch (err) {
    const msg = err instanceof BadUrlError ? err.message : `cannot read ${flags.envFile}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
    io.err(`migrate-driver: ${maskSecrets(msg)}\n`);
    return EXIT.ERROR;
  }
  const mask = secretFilter(flags.showSecrets);
  // Probes first, on their own: run beside the audit, ts-morph's synchronous parsing held the event
  // loop and the probes' timers and sockets waited on it (0.65 to 1.1 s instead of tens of ms).
  const probe = await probeEndpoint(endpoint, { unknownDbProbe: flags.unknownDbProbe });
  const r = await audit(flags, io, { raw, driver: endpoint.driver, query: endpoint.query });
  if (typeof r === 'number') return r;
  let observation: Observed | null = null;
  let commandExit: number | null = null;
  if (flags.command.length && probe.ok) {
    const proxy = await startProxy(endpoint);
    const childUrl = urlThroughProxy(raw, proxy.port);
    // The URL's password too, wherever the command line repeats it (a bare argument, say).
    const maskCommand = secretFilter(flags.showSecrets, [raw]);
    io.err(`migrate-driver verify: running ${maskCommand(flags.command.join(' '))} with ${flags.urlVar} pointed at a recording proxy on 127.0.0.1:${proxy.port}\n`);
    const run = await runCommand(flags.command, { ...process.env, [flags.urlVar]: childUrl }, io.cwd);
    if (run.startError) io.err(`migrate-driver: ${mask(run.startError)}\n`);
    commandExit = run.exit;
    await new Promise((res) => setTimeout(res, 50)); // let the last bytes of closing connections be decoded
    observation = judgeObservation(proxy.recorder.snapshot(), run, flags.urlVar);
    await proxy.close();
  }
  await tryStartupOfSites(probe, endpoint, r.sites);
  await readVersionIfDecisive(probe, endpoint, r.sites.some((s) => s.keepingNeeds === 'deallocate-all') || !!observation?.sqlPrepare.some((p) => DEALLOCATE_ALL.test(p.text)));
  const verdict = observation ? decideObserved(r.sites, probe, observation) : decide(r.sites, probe);
  const where = `${endpoint.host}:${endpoint.port}/${endpoint.database} as ${endpoint.user}`;
  if (flags.format === 'sarif') io.out(printSarif(verdict.offending, VERSION, mask));
  else if (flags.format === 'json') {
    io.out(`${JSON.stringify({ command: 'verify', endpoint: { where, server: probe.server, sharing: probe.sharing, keepsNamed: probe.keepsNamed, sqlDeallocate: probe.sqlDeallocate, poolerVersion: probe.poolerVersion, startup: probe.startup, evidence: probe.evidence, hints: probe.hints, failure: probe.failure, wallMs: probe.wallMs }, sites: r.sites, warnings: r.warnings, observed: observation ? { ...observation, commandExit } : undefined, verdict }, (_k, v: unknown) => (typeof v === 'string' ? secretFilter(flags.showSecrets, [raw])(v) : v), 2)}\n`); // also hides the URL's password where a misread URL echoes it
  } else {
    const st = style(flags, io);
    io.out(`${st.bold('migrate-driver verify')}: ${where}${probe.server ? ` (PostgreSQL ${probe.server})` : ''}\n`);
    if (probe.ok) {
      io.out(`  pooling: ${probe.sharing === 'shared' ? 'server connections are shared per transaction' : probe.sharing === 'not-shared' ? 'each client keeps its own server connection' : 'could not tell'}\n`);
      if (probe.sharing === 'shared') io.out(`  named statements: ${probe.keepsNamed === true ? 'kept by the pooler' : probe.keepsNamed === false ? 'not kept by the pooler' : 'not shown to be kept'}\n`);
      for (const e of probe.evidence) io.out(st.dim(`    evidence: ${e}\n`));
      for (const h of probe.hints) io.out(st.dim(`    hint: ${h}\n`));
      io.out(st.dim(`    probes took ${probe.wallMs} ms\n`));
    }
    io.out(`${st.bold('connection sites')}\n${printSites(r.sites, st, mask)}  ${siteCounts(r.sites)}\n`);
    if (observation) io.out(mask(printObservation(observation, st)));
    for (const n of r.notes) io.out(`  note: ${n}\n`);
    io.out(sessionWarnings(r, st));
    const line = `verdict: ${verdict.summary}`;
    io.out(`${verdict.exit === 0 ? st.green(line) : verdict.exit === 1 ? st.red(line) : st.yellow(line)}\n`);
    for (const s of verdict.offending) io.out(`  ${s.path}:${s.line}  ${s.driver}: ${s.fix || s.policy.why}\n`);
  }
  if (verdict.exit === 2) io.err(`migrate-driver: ${mask(verdict.summary)}\n`);
  return verdict.exit;
}
