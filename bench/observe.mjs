// npm run bench (part 2): the recording proxy's overhead, measured side by side with a direct
// connection in one run: read-only pgbench throughput and p50 latency, and a 100 MB COPY with the
// proxy's memory sampled while it streams.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startCluster } from '../test/support/cluster.mjs';
import { parseEndpoint } from '../dist/src/verify/live/endpoint-url.js';
import { startProxy } from '../dist/src/verify/observe/proxy.js';

const bin = path.join('/usr/lib/postgresql', fs.readdirSync('/usr/lib/postgresql').sort().pop(), 'bin');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const run = (cmd, args, env = {}) =>
  new Promise((resolve, reject) => {
    // Asynchronous on purpose: the proxy runs in this process and must keep serving.
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')}: ${err}`))));
  });

// PgBouncer (C) in session mode is measured too: a reference for what any extra hop costs on this machine.
const cluster = await startCluster([{ name: 'session', mode: 'session', pool: 8 }]);
const proxy = await startProxy(parseEndpoint(`postgresql://postgres@127.0.0.1:${cluster.pgPort}/appdb?sslmode=disable`));
const logs = fs.mkdtempSync(path.join(cluster.dir, 'bench-'));
try {
  const conn = (port) => ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres'];
  await run(path.join(bin, 'pgbench'), ['-i', '-q', '-s', '5', ...conn(cluster.pgPort), 'appdb']);

  // Two read-only workloads: pgbench's built-in point reads (-S, the cheapest possible query), and
  // a range read where the server does some work per query.
  const range = path.join(logs, 'range.sql');
  fs.writeFileSync(range, '\\set aid random(1, 490000)\nselect sum(abalance), count(*) from pgbench_accounts where aid between :aid and :aid + 2000;\n');
  const measure = async (name, script) => {
    const tps = { direct: [], proxy: [], pgbouncer: [] };
    const p50 = { direct: [], proxy: [], pgbouncer: [] };
    for (let round = 0; round < 3; round++) {
      for (const [label, port] of [['direct', cluster.pgPort], ['proxy', proxy.port], ['pgbouncer', cluster.ports.session]]) {
        const prefix = path.join(logs, `${name}-${label}-${round}`);
        const out = await run(path.join(bin, 'pgbench'), [...script, '-n', '-c', '4', '-j', '2', '-T', '4', '-l', `--log-prefix=${prefix}`, ...conn(port), 'appdb'], { PGPASSWORD: 'admin-pw' });
        tps[label].push(Number(/tps = ([\d.]+)/.exec(out)[1]));
        const lat = fs
          .readdirSync(logs)
          .filter((f) => f.startsWith(`${name}-${label}-${round}.`))
          .flatMap((f) => fs.readFileSync(path.join(logs, f), 'utf8').trim().split('\n').map((l) => Number(l.split(' ')[2])));
        p50[label].push(median(lat));
      }
    }
    return { tps, p50 };
  };
  const point = await measure('point', ['-S']);
  const ranged = await measure('range', ['-f', range]);

  // 100 MB through COPY: the proxy must stream, not buffer.
  const file = path.join(logs, 'copy.tsv');
  const fd = fs.openSync(file, 'w');
  const line = `${'z'.repeat(1000)}\n`;
  for (let i = 0; i < 100 * 1024; i++) fs.writeSync(fd, line);
  fs.closeSync(fd);
  const mb = fs.statSync(file).size / 1024 / 1024;
  await run(path.join(bin, 'psql'), [...conn(cluster.pgPort), '-q', '-c', 'create table copy_bench (payload text)', 'appdb']);
  const copy = async (port) => {
    const t0 = performance.now();
    await run(path.join(bin, 'psql'), [...conn(port), '-q', '-c', `\\copy copy_bench from '${file}'`, 'appdb']);
    return performance.now() - t0;
  };
  const directMs = await copy(cluster.pgPort);
  globalThis.gc?.();
  const rssBefore = process.memoryUsage().rss;
  let rssPeak = rssBefore;
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20);
  const proxyMs = await copy(proxy.port);
  clearInterval(sampler);

  console.log('migrate-driver observe proxy bench (medians of 3 interleaved rounds; pgbench -c 4 -j 2 -T 4, 2 cores shared by pgbench, PostgreSQL and the proxy)');
  for (const [name, r] of [['point reads (-S)', point], ['range reads (2,000 rows)', ranged]]) {
    const ratio = median(r.tps.proxy) / median(r.tps.direct);
    const ref = median(r.tps.pgbouncer) / median(r.tps.direct);
    console.log(`  ${name.padEnd(24)} direct ${median(r.tps.direct).toFixed(0)} tps, proxy ${median(r.tps.proxy).toFixed(0)} tps -> ratio ${(ratio * 100).toFixed(1)}% (target: at least 90%); p50 ${median(r.p50.direct)} -> ${median(r.p50.proxy)} us (+${median(r.p50.proxy) - median(r.p50.direct)} us)`);
    console.log(`  ${''.padEnd(24)} reference: PgBouncer 1.18 (C, session mode) ${median(r.tps.pgbouncer).toFixed(0)} tps -> ratio ${(ref * 100).toFixed(1)}%, p50 ${median(r.p50.pgbouncer)} us`);
  }
  console.log(`  COPY ${mb.toFixed(0)} MB        direct ${directMs.toFixed(0)} ms, proxy ${proxyMs.toFixed(0)} ms; proxy process RSS ${(rssBefore / 1048576).toFixed(0)} MB before, peak ${(rssPeak / 1048576).toFixed(0)} MB during (+${((rssPeak - rssBefore) / 1048576).toFixed(1)} MB)`);
  console.log(`  recorded: ${proxy.recorder.snapshot().connections} connections, ${proxy.recorder.snapshot().named.length} named statements`);
} finally {
  await proxy.close();
  cluster.stop();
}
