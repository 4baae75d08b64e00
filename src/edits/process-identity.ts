import * as fs from 'node:fs';
import * as os from 'node:os';

/**
 * Who wrote a journal, precisely enough to tell a writer that is still running from a dead one
 * whose PID was reused: host, PID and (on Linux) the process start time.
 */
export interface ProcessIdentity {
  host: string;
  pid: number;
  /** Field 22 of /proc/PID/stat; null where there is no /proc. */
  started: string | null;
}

interface ProcStat {
  state: string;
  started: string;
}

function procStat(pid: number): ProcStat | null | 'no-proc' {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && fs.existsSync('/proc/self/stat')) return null;
    return 'no-proc';
  }
  // The command name may hold spaces and parentheses: fields are counted after the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0] ?? '', started: fields[19] ?? '' };
}

export function selfIdentity(): ProcessIdentity {
  const st = procStat(process.pid);
  return { host: os.hostname(), pid: process.pid, started: st && st !== 'no-proc' ? st.started : null };
}

/**
 * Whether the process that wrote a journal still runs. This process itself counts as not running:
 * recovery happens before a command writes, so a journal with its PID is a leftover.
 */
export function isRunning(id: ProcessIdentity): boolean {
  if (id.host !== os.hostname()) return false;
  if (!Number.isInteger(id.pid) || id.pid <= 1 || id.pid === process.pid) return false;
  const st = procStat(id.pid);
  if (st === null) return false;
  if (st !== 'no-proc') return st.state !== 'Z' && st.state !== 'X' && (id.started === null || st.started === id.started);
  try {
    process.kill(id.pid, 0); // signal 0 only asks whether the PID exists
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
