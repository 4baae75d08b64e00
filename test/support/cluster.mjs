// A private PostgreSQL cluster plus PgBouncers, on 127.0.0.1 with free ports, in a temporary folder,
// stopped by PID (TEST-ENV.md). Plain ESM so that both the tests and `npm run bench` use it.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import pg from 'pg';

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

const isRoot = () => process.getuid?.() === 0;
// Both servers refuse to run as root: run them as the Debian `postgres` user then.
const run = (cmd, args) => execFileSync(isRoot() ? 'runuser' : cmd, isRoot() ? ['-u', 'postgres', '--', cmd, ...args] : args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * @param {{ name: string, mode: 'transaction' | 'session', pool: number }[]} bouncers
 * @param {{ tlsOnly?: boolean }} [opts] tlsOnly: a self-signed certificate, and pg_hba.conf refuses every non-TLS connection
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
    for (const pid of pids.splice(0)) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    if (pgStarted) {
      const ctl = [path.join(bin, 'pg_ctl'), '-D', path.join(dir, 'data'), '-m', 'fast', '-w', 'stop'];
      spawnSync(isRoot() ? 'runuser' : ctl[0], isRoot() ? ['-u', 'postgres', '--', ...ctl] : ctl.slice(1), { stdio: 'ignore' });
      pgStarted = false;
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    run(path.join(bin, 'initdb'), ['-D', path.join(dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']);
    let tls = '';
    if (opts.tlsOnly) {
      const data = path.join(dir, 'data');
      run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost', '-keyout', path.join(data, 'server.key'), '-out', path.join(data, 'server.crt')]);
      fs.writeFileSync(path.join(data, 'pg_hba.conf'), 'local all all trust\nhostssl all all 127.0.0.1/32 trust\nhostnossl all all 127.0.0.1/32 reject\n');
      if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', data]);
      fs.chmodSync(path.join(data, 'server.key'), 0o600);
      tls = ' -c ssl=on';
    }
    run(path.join(bin, 'pg_ctl'), ['-D', path.join(dir, 'data'), '-l', path.join(dir, 'postgres.log'), '-w', '-o', `-c listen_addresses=127.0.0.1 -p ${pgPort} -c unix_socket_directories=${dir}${tls}`, 'start']);
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
          `pool_mode = ${b.mode}`,
          `default_pool_size = ${b.pool}`,
          'max_client_conn = 500',
          'ignore_startup_parameters = extra_float_digits',
          `pidfile = ${pidfile}`,
          `logfile = ${path.join(dir, `${b.name}.log`)}`,
          '',
        ].join('\n'),
      );
      if (isRoot()) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
      run('/usr/sbin/pgbouncer', ['-d', ini]);
      for (let i = 0; i < 50 && !fs.existsSync(pidfile); i++) await new Promise((r) => setTimeout(r, 50));
      pids.push(Number(fs.readFileSync(pidfile, 'utf8').trim()));
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
