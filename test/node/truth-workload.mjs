// Runs a truth-table app for real: N concurrent clients, every answer checked, bounded in time.
// Usage: node truth-workload.mjs APP_DIR URL [clients] [queries]
// Prints one JSON line: {"ok": n, "errors": n, "wrong": n, "error_kinds": {...}}.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const [appDir, urlArg, clients = '20', queries = '40'] = process.argv.slice(2);
// `env`: read DATABASE_URL, as under `migrate-driver verify -- ...`.
const url = urlArg === 'env' ? process.env.DATABASE_URL : urlArg;
const app = await import(pathToFileURL(path.join(appDir, 'app.mjs')).href);
const expect = [(x) => x + 1, (x) => x * 2, (x) => `${x}x`];
const counts = { ok: 0, errors: 0, wrong: 0 };
const kinds = {};
const note = (k) => (kinds[k] = (kinds[k] ?? 0) + 1);
const deadline = Date.now() + 30_000;
const withTimeout = (p, ms, what) => Promise.race([p, new Promise((_, rej) => setTimeout(() => rej(Object.assign(new Error(`${what} timed out`), { code: 'timeout' })), ms))]);
let seed = 1;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);

async function client() {
  let h;
  try {
    h = await withTimeout(app.open(url), 10_000, 'connect');
  } catch (e) {
    counts.errors += Number(queries);
    note(`connect: ${e.code ?? e.message}`);
    return;
  }
  for (let i = 0; i < Number(queries); i++) {
    if (Date.now() > deadline) {
      counts.errors++;
      note('deadline');
      break;
    }
    const kind = Math.floor(rand() * 3);
    const x = 1 + Math.floor(rand() * 1_000_000);
    try {
      const got = await withTimeout(app.query(h, kind, x), 5_000, 'query');
      if (String(got) === String(expect[kind](x))) counts.ok++;
      else {
        counts.wrong++;
        note('wrong answer');
      }
    } catch (e) {
      counts.errors++;
      note(`${e.code ?? ''} ${(e.message ?? '').split('\n')[0].replace(/"[^"]*"/g, '"…"').slice(0, 60)}`.trim());
    }
  }
  await withTimeout(app.close(h), 3_000, 'close').catch(() => {});
}

await Promise.all(Array.from({ length: Number(clients) }, () => client()));
process.stdout.write(`${JSON.stringify({ ...counts, error_kinds: kinds })}\n`);
process.exit(0); // a hung driver socket must not keep the run alive
