// A private PostgreSQL cluster plus PgBouncers, on 127.0.0.1 with free ports, in a temporary folder,
// stopped by PID (TEST-ENV.md). Plain ESM so that both the tests and `npm run bench` use it.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';

/** PgBouncer 1.24, built by scripts/test-env.sh (keeps protocol-level named statements). */
export const MODERN_PGBOUNCER = path.join(process.env.PGBOUNCER_MODERN_CACHE ?? '/var/cache/pgbouncer-1.24', 'inst/bin/pgbouncer');

export const APP_USER = 'app';
export const APP_PASSWORD = 'app-pw';
const ADMIN_PASSWORD = 'admin-pw';

const pgBin = () => {
  const versions = fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  return path.join('/usr/lib/postgresql', versions[0], 'bin');
};

export const freePort = () =>
  new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** A PID we may signal: a whole number above 1. 0 and negative PIDs address process groups, 1 is init. */
const isServerPid = (pid) => Number.isInteger(pid) && pid > 1;

/**
 * Signals one server process. Never a PID <= 1: `process.kill(0)` would signal this very process
 * group (the test runner), and a negative PID a whole group. Returns whether a signal was sent.
 */
export function signalPid(pid, signal = 'SIGTERM') {
  if (!isServerPid(pid)) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false; // already gone
  }
}

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
};

/**
 * Waits until a pidfile holds the PID of a live process. A daemon creates its pidfile before it writes
 * it, so the file may exist and still be empty (`Number('')` is 0); such a value is never returned.
 */
export async function waitForPid(pidfile, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      last = fs.readFileSync(pidfile, 'utf8').trim();
    } catch {
      last = '';
    }
    const pid = /^\d+$/.test(last) ? Number(last) : NaN;
    if (isServerPid(pid) && alive(pid)) return pid;
    if (Date.now() >= deadline) throw new Error(`${path.basename(pidfile)}: no live server PID after ${timeoutMs} ms (file holds ${JSON.stringify(last.slice(0, 20))})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

// Clusters still running when the process exits (a test that never reached afterAll) are stopped here.
const running = new Set();
process.once('exit', () => {
  for (const stop of [...running]) stop();
});

const isRoot = () => process.getuid?.() === 0;
// Both servers refuse to run as root: run them as the Debian `postgres` user then.
const run = (cmd, args) => execFileSync(isRoot() ? 'runuser' : cmd, isRoot() ? ['-u', 'postgres', '--', cmd, ...args] : args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * @param {{ name: string, mode: 'transaction' | 'session', pool: number, bin?: string, maxPreparedStatements?: number, statsUsers?: string }[]} bouncers
 *   bin: another PgBouncer build (MODERN_PGBOUNCER); maxPreparedStatements: 1.21+ only; statsUsers: who may run SHOW on the admin console
 * @param {{ tlsOnly?: boolean, passwordAuth?: boolean, logStatements?: boolean }} [opts]
 *   tlsOnly: a self-signed certificate, and pg_hba.conf refuses every non-TLS connection;
 *   passwordAuth: TCP logins of every role but postgres need a SCRAM password (pg_hba `scram-sha-256`);
 *   logStatements: `log_statement=all`, so a test can read every statement the server ran in `postgresLog`
 */
export async function startCluster(bouncers, opts = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-pg-'));
  if (isRoot()) execFileSync('chown', ['postgres:postgres', dir]);
  const bin = pgBin();
  const pgPort = await freePort();
  const ports = {};
  const pids = [];
  let pgStarted = false;
  const stop = () => {
    running.delete(stop);
    for (const pid of pids.splice(0)) signalPid(pid);
    if (pgStarted) {
      pgStarted = false;
      const ctl = [path.join(bin, 'pg_ctl'), '-D', path.join(dir, 'data'), '-m', 'fast', '-w', '-t', '20', 'stop'];
      const r = spawnSync(isRoot() ? 'runuser' : ctl[0], isRoot() ? ['-u', 'postgres', '--', ...ctl] : ctl.slice(1), { stdio: 'ignore', timeout: 30_000 });
      if (r.status !== 0) {
        // pg_ctl could not stop it: signal the postmaster itself (first line of postmaster.pid), never a PID <= 1.
        const first = (() => {
          try {
            return fs.readFileSync(path.join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0].trim();
          } catch {
            return '';
          }
        })();
        if (/^\d+$/.test(first)) signalPid(Number(first), 'SIGQUIT');
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  running.add(stop);
  try {
    run(path.join(bin, 'initdb'), ['-D', path.join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    let serverOpts = '';
    if (opts.passwordAuth) {
      // postgres stays trusted (the harness and PgBouncer's admin use it); every other role needs SCRAM over TCP.
      fs.writeFileSync(path.join(dir, 'data', 'pg_hba.conf'), 'local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n');
      if (isRoot()) execFileSync('chown', ['postgres:postgres', path.join(dir, 'data', 'pg_hba.conf')]);
    }
    if (opts.logStatements) serverOpts += ' -c log_statement=all';
    if (opts.tlsOnly) {
      const data = path.join(dir, 'data');
      run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', path.join(data, 'server.key'), '-out', path.join(data, 'server.crt')]);
      fs.writeFileSync(path.join(data, 'pg_hba.conf'), 'local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n');
      if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', data]);
      fs.chmodSync(path.join(data, 'server.key'), 0o600);
      serverOpts += ' -c ssl=on';
    }
    run(path.join(bin, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-l', path.join(dir, 'postgres.log'), '-w', '-o', `-c listen_addresses=127.0.0.1 -p ${pgPort} -c unix_socket_directories=${dir}${serverOpts}`, 'start']);
    pgStarted = true;
    const admin = new pg.Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', database: 'postgres', ssl: opts.tlsOnly ? { rejectUnauthorized: false } : false });
    await admin.connect();
    await admin.query(`create role ${APP_USER} login password '${APP_PASSWORD}'`);
    await admin.query(`create database appdb owner ${APP_USER}`);
    await admin.end();
    fs.writeFileSync(path.join(dir, 'users.txt'), `"${APP_USER}" "${APP_PASSWORD}"\n"postgres" "${ADMIN_PASSWORD}"\n`, { mode: 0o600 });
    for (const b of bouncers) {
      const port = await freePort();
      const ini = path.join(dir, `${b.name}.ini`);
      const pidfile = path.join(dir, `${b.name}.pid`);
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
          ...(b.statsUsers ? [`stats_users = ${b.statsUsers}`] : []),
          `pool_mode = ${b.mode}`,
          `default_pool_size = ${b.pool}`,
          'max_client_conn = 500',
          'ignore_startup_parameters = extra_float_digits',
          ...(b.maxPreparedStatements === undefined ? [] : [`max_prepared_statements = ${b.maxPreparedStatements}`]),
          `pidfile = ${pidfile}`,
          `logfile = ${path.join(dir, `${b.name}.log`)}`,
          '',
        ].join('\n'),
      );
      if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
      run(b.bin ?? '/usr/sbin/pgbouncer', ['-d', ini]);
      pids.push(await waitForPid(pidfile));
      ports[b.name] = port;
    }
  } catch (err) {
    stop();
    throw err;
  }
  return {
    dir,
    pgPort,
    ports,
    postgresLog: path.join(dir, 'postgres.log'),
    stop,
    /** Closes one pooler's server connections, so statements left by one scenario cannot leak into the next. */
    async resetPool(name) {
      const c = new pg.Client({ host: '127.0.0.1', port: ports[name], user: 'postgres', password: ADMIN_PASSWORD, database: 'pgbouncer' });
      await c.connect();
      await c.query('KILL appdb');
      await c.query('RESUME appdb');
      await c.end();
    },
  };
}
