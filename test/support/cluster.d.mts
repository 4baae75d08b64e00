export declare const APP_USER: string;
/** PgBouncer 1.24, built by scripts/test-env.sh. */
export declare const MODERN_PGBOUNCER: string;
export declare const APP_PASSWORD: string;
export declare function freePort(): Promise<number>;
/** Signals one process; refuses PIDs <= 1 (process groups, init). Returns whether a signal was sent. */
export declare function signalPid(pid: number, signal?: NodeJS.Signals | number): boolean;
/** Resolves to the PID in a pidfile once it names a live process (> 1); rejects after the timeout. */
export declare function waitForPid(pidfile: string, timeoutMs?: number): Promise<number>;
export interface Cluster {
  dir: string;
  pgPort: number;
  ports: Record<string, number>;
  /** PostgreSQL's log file (every statement with `logStatements`). */
  postgresLog: string;
  stop(): void;
  resetPool(name: string): Promise<void>;
}
export declare function startCluster(
  bouncers: { name: string; mode: 'transaction' | 'session'; pool: number; bin?: string; maxPreparedStatements?: number; statsUsers?: string }[],
  opts?: { tlsOnly?: boolean; passwordAuth?: boolean; logStatements?: boolean },
): Promise<Cluster>;
