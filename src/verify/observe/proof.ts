import type { Observation } from './recorder.js';

/** How the user's command ended. */
export interface CommandRun {
  /** Exit code; null when a signal ended it. */
  exit: number | null;
  /** Set when the command could not be started at all, e.g. "command not found: NAME". */
  startError?: string;
}

/** An observation with what it is worth: the command's end, and why it proves nothing (if so). */
export interface Observed extends Observation {
  command: CommandRun;
  /** Null when the command really talked to the database; else why nothing it saw can count as proof. */
  provedNothing: string | null;
}

const n = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

/**
 * An observation proves only what went through the proxy: no connection that completed start-up,
 * or no statement, proves nothing about the driver (issue "Hardening", item 1).
 */
export function judgeObservation(o: Observation, command: CommandRun, urlVar: string): Observed {
  return { ...o, command, provedNothing: whyNothing(o, command, urlVar) };
}

function whyNothing(o: Observation, command: CommandRun, urlVar: string): string | null {
  if (command.startError) return 'the command did not start';
  if (o.connections === 0) {
    if (o.clients > 0) return `${n(o.clients, 'connection')} reached the server but none completed start-up (refused by the server?)`;
    if (o.upstreamFailed > 0) return `the proxy could not reach the server for ${n(o.upstreamFailed, 'connection')}`;
    if (o.notPostgres > 0) return `${n(o.notPostgres, 'connection')} to the proxy did not speak the PostgreSQL protocol`;
    return `the command never connected to the proxy (does it read ${urlVar}?)`;
  }
  if (o.statements === 0) return `${n(o.connections, 'connection')} completed start-up but sent no statement`;
  return null;
}
