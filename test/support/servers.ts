import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';

/**
 * A private PostgreSQL cluster and a PgBouncer in transaction mode (pool size 2), both on
 * 127.0.0.1 with free ports, in a temporary folder. Stopped by PID. (TEST-ENV.md)
 */
export type Via = 'bouncer' | 'session' | 'direct';

export interface Servers {
  pgPort: number;
  /** PgBouncer in transaction mode, pool size 2. */
  bouncerPort: number;
  /** PgBouncer in session mode (pool big enough for every test client). */
  sessionPort: number;
  /** App URL, in SQLAlchemy form when a driver is given, else libpq form. */
  url(driver: 'asyncpg' | 'psycopg' | null, via?: Via): string;
  /** Closes the transaction pooler's server connections, so statements left by one scenario cannot leak into the next. */
  resetPool(): Promise<void>;
  stop(): void;
}

export const APP_USER = 'app';
export const APP_PASSWORD = 'app-pw';
const ADMIN_PASSWORD = 'admin-pw';

const pgBin = (): string => {
  const versions = fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  return path.join('/usr/lib/postgresql', versions[0]!, 'bin');
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

const isRoot = () => process.getuid?.() === 0;
/** Both servers refuse to run as root: run them as the Debian `postgres` user then. */
function run(cmd: string, args: string[]): string {
  const full = isRoot() ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] as const : [cmd, args] as const;
  return execFileSync(full[0], full[1] as string[], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export async function startServers(): Promise<Servers> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-pg-'));
  if (isRoot()) execFileSync('chown', ['postgres:postgres', dir]);
  const bin = pgBin();
  const pgPort = await freePort();
  const bouncerPort = await freePort();
  const sessionPort = await freePort();
  let pgStarted = false;
  const bouncerPids: number[] = [];

  const stop = () => {
    for (const pid of bouncerPids.splice(0)) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    if (pgStarted) {
      spawnSync(isRoot() ? 'runuser' : path.join(bin, 'pg_ctl'), isRoot() ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), '-D', path.join(dir, 'data'), '-m', 'fast', '-w', 'stop'] : ['-D', path.join(dir, 'data'), '-m', 'fast', '-w', 'stop'], { stdio: 'ignore' });
      pgStarted = false;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  try {
    run(path.join(bin, 'initdb'), ['-D', path.join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    run(path.join(bin, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-l', path.join(dir, 'postgres.log'), '-w', '-o', `-c listen_addresses=127.0.0.1 -p ${pgPort} -c unix_socket_directories=${dir}`, 'start']);
    pgStarted = true;
    const admin = new pg.Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', database: 'postgres' });
    await admin.connect();
    await admin.query(`create role ${APP_USER} login password '${APP_PASSWORD}'`);
    await admin.query(`create database appdb owner ${APP_USER}`);
    await admin.end();

    fs.writeFileSync(path.join(dir, 'users.txt'), `"${APP_USER}" "${APP_PASSWORD}"\n"postgres" "${ADMIN_PASSWORD}"\n`, { mode: 0o600 });
    const bouncer = async (name: string, port: number, mode: string, pool: number) => {
      const ini = path.join(dir, `${name}.ini`);
      const pidfile = path.join(dir, `${name}.pid`);
      fs.writeFileSync(
        ini,
        [
          '[databases]',
          `appdb = host=127.0.0.1 port=${pgPort} dbname=appdb`,
          '[pgbouncer]',
          'listen_addr = 127.0.0.1',
          `listen_port = ${port}`,
          'unix_socket_dir =',
          'auth_type = md5',
          `auth_file = ${path.join(dir, 'users.txt')}`,
          'admin_users = postgres',
          `pool_mode = ${mode}`,
          `default_pool_size = ${pool}`,
          'max_client_conn = 500',
          'ignore_startup_parameters = extra_float_digits',
          `pidfile = ${pidfile}`,
          `logfile = ${path.join(dir, `${name}.log`)}`,
          '',
        ].join('\n'),
      );
      if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
      run('/usr/sbin/pgbouncer', ['-d', ini]);
      for (let i = 0; i < 50 && !fs.existsSync(pidfile); i++) await new Promise((r) => setTimeout(r, 50));
      bouncerPids.push(Number(fs.readFileSync(pidfile, 'utf8').trim()));
    };
    await bouncer('pgbouncer', bouncerPort, 'transaction', 2);
    await bouncer('pgbouncer-session', sessionPort, 'session', 40);
  } catch (err) {
    stop();
    throw err;
  }

  return {
    pgPort,
    bouncerPort,
    sessionPort,
    url: (driver, via = 'bouncer') => `postgresql${driver ? `+${driver}` : ''}://${APP_USER}:${APP_PASSWORD}@127.0.0.1:${via === 'bouncer' ? bouncerPort : via === 'session' ? sessionPort : pgPort}/appdb`,
    async resetPool() {
      // Session mode needs no reset: PgBouncer runs DISCARD ALL when a client disconnects.
      for (const port of [bouncerPort]) {
        const c = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', password: ADMIN_PASSWORD, database: 'pgbouncer' });
        await c.connect();
        await c.query('KILL appdb');
        await c.query('RESUME appdb');
        await c.end();
      }
    },
    stop,
  };
}
