import { spawn } from 'node:child_process';
import type { Style } from '../../report/human.js';
import type { Observation } from './recorder.js';

/**
 * The user's URL with host:port replaced by the proxy. The scheme (with its +driver) and every
 * parameter are kept, except that TLS to the local proxy is turned off: the proxy declines it and
 * speaks TLS upstream itself, per the original sslmode.
 */
export function urlThroughProxy(raw: string, port: number): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)(.*)$/i.exec(raw.trim());
  if (!m) return raw;
  const at = m[2]!.lastIndexOf('@');
  const userinfo = at >= 0 ? m[2]!.slice(0, at + 1) : '';
  const rest = m[3]!.replace(/([?&])sslmode=[^&#]*/, '$1sslmode=disable').replace(/([?&])ssl=[^&#]*/, '$1ssl=disable');
  return `${m[1]}${userinfo}127.0.0.1:${port}${rest}`;
}

/** Runs the user's command with its output passed through; resolves to its exit code (null if it was killed). */
export function runCommand(command: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(command[0]!, command.slice(1), { env, cwd, stdio: 'inherit' });
    child.on('error', () => resolve(127));
    child.on('close', (code) => resolve(code));
  });
}

export function printObservation(o: Observation, exit: number | null, st: Style): string {
  const out = [st.bold(`observed (${o.connections} connection${o.connections === 1 ? '' : 's'} through the proxy; the command exited ${exit ?? 'by signal'})`)];
  if (!o.named.length && !o.sqlPrepare.length && !o.errors.length) out.push(st.green('  no named statement, no SQL PREPARE, no prepared-statement error'));
  for (const s of o.named.slice(0, 10)) out.push(`  ${st.red(s.name)}  parse ${s.parses}, bind ${s.binds}${s.describes ? `, describe ${s.describes}` : ''}${s.closes ? `, close ${s.closes}` : ''}  ${st.dim(JSON.stringify(s.query))}`);
  if (o.named.length > 10) out.push(st.dim(`  ... and ${o.named.length - 10} more named statements`));
  for (const p of o.sqlPrepare) out.push(`  ${st.red(`SQL ${p.kind}`)} x${p.count}  ${st.dim(p.text)}`);
  for (const e of o.errors) out.push(`  ${st.red(`error ${e.code}`)} x${e.count}  e.g. ${e.message}`);
  for (const w of o.warnings) out.push(`  ${st.yellow(`warning: ${w.kind}`)} x${w.count}  ${st.dim(w.text)}`);
  return `${out.join('\n')}\n`;
}
