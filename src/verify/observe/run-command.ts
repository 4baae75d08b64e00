import { spawn } from 'node:child_process';
import type { Style } from '../../report/human.js';
import type { CommandRun, Observed } from './proof.js';
import { splitAuthority } from '../live/endpoint-url.js';

/**
 * The user's URL with host:port replaced by the proxy. The scheme (with its +driver) and every
 * parameter are kept, except that TLS to the local proxy is turned off: the proxy declines it and
 * speaks TLS upstream itself, per the original sslmode.
 */
export function urlThroughProxy(raw: string, port: number): string {
  const head = /^[a-z][a-z0-9+.-]*:\/\//i.exec(raw.trim());
  if (!head) return raw;
  const { authority, rest: after } = splitAuthority(raw.trim().slice(head[0].length));
  const at = authority.lastIndexOf('@');
  const userinfo = at >= 0 ? authority.slice(0, at + 1) : '';
  const rest = after.replace(/([?&])sslmode=[^&#]*/, '$1sslmode=disable').replace(/([?&])ssl=[^&#]*/, '$1ssl=disable');
  return `${head[0]}${userinfo}127.0.0.1:${port}${rest}`;
}

/** Why a command could not start, in the words a shell would use. */
function startError(name: string, err: NodeJS.ErrnoException): string {
  if (err.code === 'ENOENT') return `command not found: ${name}`;
  if (err.code === 'EACCES') return `permission denied: ${name}`;
  return `cannot run ${name}: ${err.code ?? err.message}`;
}

/** Runs the user's command with its output passed through; resolves to how it ended. */
export function runCommand(command: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CommandRun> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { env, cwd, stdio: 'inherit' });
    // Shell conventions: 127 not found, 126 found but not runnable.
    child.on('error', (err: NodeJS.ErrnoException) => resolve({ exit: err.code === 'ENOENT' ? 127 : 126, startError: startError(command[0]!, err) }));
    child.on('close', (code) => resolve({ exit: code }));
  });
}

export function printObservation(o: Observed, st: Style): string {
  const { exit, startError: notStarted } = o.command;
  const ended = notStarted ? `the command could not be started: ${notStarted}` : `the command exited ${exit ?? 'by signal'}`;
  const incomplete = o.clients > o.connections ? `, ${o.clients - o.connections} more did not complete start-up` : '';
  const out = [st.bold(`observed (${o.connections} connection${o.connections === 1 ? '' : 's'}${incomplete}, ${o.statements} statement${o.statements === 1 ? '' : 's'} through the proxy; ${ended})`)];
  if (o.notPostgres) out.push(st.yellow(`  ${o.notPostgres} connection${o.notPostgres === 1 ? '' : 's'} to the proxy did not speak the PostgreSQL protocol and ${o.notPostgres === 1 ? 'was' : 'were'} closed`));
  if (o.provedNothing) out.push(st.yellow(`  the observation proved nothing: ${o.provedNothing}; the verdict rests on the audit and the probes`));
  else if (!o.named.length && !o.sqlPrepare.length && !o.errors.length) out.push(st.green('  no named statement, no SQL PREPARE, no prepared-statement error'));
  for (const s of o.named.slice(0, 10)) out.push(`  ${st.red(s.name)}  parse ${s.parses}, bind ${s.binds}${s.describes ? `, describe ${s.describes}` : ''}${s.closes ? `, close ${s.closes}` : ''}  ${st.dim(JSON.stringify(s.query))}`);
  if (o.named.length > 10) out.push(st.dim(`  ... and ${o.named.length - 10} more named statements`));
  for (const p of o.sqlPrepare) out.push(`  ${st.red(`SQL ${p.kind}`)} x${p.count}  ${st.dim(p.text)}`);
  for (const e of o.errors) out.push(`  ${st.red(`error ${e.code}`)} x${e.count}  e.g. ${e.message}`);
  for (const w of o.warnings) out.push(`  ${st.yellow(`warning: ${w.kind}`)} x${w.count}  ${st.dim(w.text)}`);
  return `${out.join('\n')}\n`;
}
