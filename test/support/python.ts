import { spawn } from 'node:child_process';
import * as path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const VENV_PYTHON = path.join(REPO, '.venv-test/bin/python');
/** asyncpg 0.29.0, the version the seed app pinned, installed beside the venv's current one. */
export const SEED_ASYNCPG = path.join(REPO, '.venv-test/seed-asyncpg');

export interface PyRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a Python script from the venv, bounded in time; never through a shell. */
export function runPython(args: string[], env: Record<string, string>, timeoutMs = 120_000, opts: { python?: string; cwd?: string } = {}): Promise<PyRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(opts.python ?? VENV_PYTHON, args, { cwd: opts.cwd, env: { PATH: process.env.PATH ?? '', PYTHONDONTWRITEBYTECODE: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** The last line of stdout as JSON, or a clear failure with the script's stderr. */
export function lastJson<T>(r: PyRun): T {
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`the workload exited ${r.code} without a JSON result:\n${r.stderr.slice(-2000)}`);
  }
}
