import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO } from '../support/python.js';

// Each load runs in a fresh process, as a run of the CLI does: require's cache is per process.
const CODE_CACHE = pathToFileURL(path.join(REPO, 'dist/src/runtime/code-cache.js')).href;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-driver-code-cache-test-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

function project(name: string, b: string): { dir: string; a: string; b: string } {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  // a requires b relatively, as ts-morph requires its TypeScript: the preload must satisfy it.
  fs.writeFileSync(path.join(dir, 'a.cjs'), "const b = require('./b.cjs');\nmodule.exports = { fromB: b.value, self: __filename, cached: require.cache[require.resolve('./b.cjs')] !== undefined };\n");
  fs.writeFileSync(path.join(dir, 'b.cjs'), b);
  return { dir, a: fs.realpathSync(path.join(dir, 'a.cjs')), b: fs.realpathSync(path.join(dir, 'b.cjs')) };
}

interface Loaded {
  dir: string | null;
  exports: { fromB: unknown; self: string; cached: boolean };
  stats: { used: number; written: number; rejected: number };
}

// The flags are part of a cache's key, so the loader is a file, not a -e script.
const loader = path.join(work, 'load.mjs');
fs.writeFileSync(
  loader,
  `import { createRequire } from 'node:module';
import { codeCacheDir, codeCacheStats, preloadCommonJs } from ${JSON.stringify(CODE_CACHE)};
const files = process.argv.slice(2);
const dir = codeCacheDir();
preloadCommonJs(files, dir);
const exports = createRequire(import.meta.url)(files[files.length - 1]);
process.stdout.write(JSON.stringify({ dir, exports, stats: codeCacheStats }));
`,
);

function load(files: string[], cacheDir: string, env: Record<string, string> = {}): Loaded {
  const r = spawnSync(process.execPath, [loader, ...files], { encoding: 'utf8', env: { ...process.env, NODE_DISABLE_COMPILE_CACHE: '', MIGRATE_DRIVER_CACHE_DIR: cacheDir, ...env } });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as Loaded;
}

describe('code cache', () => {
  it('loads a module chain as require would, then from the cache', () => {
    const p = project('chain', 'module.exports = { value: 41 };\n');
    const cache = path.join(work, 'cache-chain');
    const first = load([p.b, p.a], cache);
    expect(first.dir).toBe(cache);
    expect(first.exports).toEqual({ fromB: 41, self: p.a, cached: true });
    expect(first.stats).toEqual({ used: 0, written: 2, rejected: 0 });
    expect(fs.readdirSync(cache).filter((f) => f.endsWith('.v8'))).toHaveLength(2);
    const second = load([p.b, p.a], cache);
    expect(second.exports).toEqual(first.exports);
    expect(second.stats).toEqual({ used: 2, written: 0, rejected: 0 });
  });

  it('never runs a cache made for other text of the same length', () => {
    // V8 checks a cache against the source's length only: the key must tell these apart.
    const p = project('same-length', 'module.exports = { value: 1 };\n');
    const cache = path.join(work, 'cache-same-length');
    expect(load([p.b, p.a], cache).exports.fromB).toBe(1);
    fs.writeFileSync(p.b, 'module.exports = { value: 2 };\n');
    const after = load([p.b, p.a], cache);
    expect(after.exports.fromB).toBe(2);
    expect(after.stats.used).toBe(1);
  });

  it('a damaged cache is rejected, the file compiles as usual, and the cache is written again', () => {
    const p = project('damaged', 'module.exports = { value: 7 };\n');
    const cache = path.join(work, 'cache-damaged');
    load([p.b], cache);
    const [file] = fs.readdirSync(cache);
    fs.writeFileSync(path.join(cache, file!), Buffer.alloc(64, 1));
    const r = load([p.b, p.a], cache);
    expect(r.exports.fromB).toBe(7);
    expect(r.stats).toEqual({ used: 0, written: 2, rejected: 1 });
    expect(load([p.b, p.a], cache).stats.used).toBe(2);
  });

  it('keeps the newest caches of a module when it writes one, and touches nothing else', () => {
    const p = project('pruned', 'module.exports = { value: 9 };\n');
    const cache = path.join(work, 'cache-pruned');
    fs.mkdirSync(cache, { mode: 0o700 });
    // Caches of b.cjs left by older builds and other flag sets, oldest first; then files that are not b.cjs's.
    const old = ['b.cjs-1a-30-v20.0.0-x64-0.v8', 'b.cjs-2b-30-v20.0.0-x64-0.v8', 'b.cjs-3c-30-v20.0.0-x64-1f.v8', 'b.cjs-4d-31-v20.0.0-x64-0.v8'];
    const others = ['a.cjs-1a-30-v20.0.0-x64-0.v8', 'ab.cjs-1a-30-v20.0.0-x64-0.v8', 'b.cjs-notes.txt', 'b.cjs-5e-30-v20.0.0-x64-0.v8.123.tmp'];
    [...old, ...others].forEach((name, k) => {
      fs.writeFileSync(path.join(cache, name), 'x');
      fs.utimesSync(path.join(cache, name), 1_000_000 + k * 100, 1_000_000 + k * 100);
    });
    const r = load([p.b], cache);
    expect(r.stats.written).toBe(1);
    const left = fs.readdirSync(cache).sort();
    const written = left.filter((n) => n.startsWith('b.cjs-') && !old.includes(n) && !others.includes(n));
    expect(written).toHaveLength(1);
    // CACHES_PER_MODULE is 3: the one written and the two newest before it.
    expect(left).toEqual([...others, ...old.slice(2), ...written].sort());
    // A run that writes nothing prunes nothing, and marks the cache it used as the most recent.
    fs.utimesSync(path.join(cache, written[0]!), 1_000_000, 1_000_000);
    expect(load([p.b], cache).stats).toEqual({ used: 1, written: 0, rejected: 0 });
    expect(fs.readdirSync(cache).sort()).toEqual(left);
    expect(fs.statSync(path.join(cache, written[0]!)).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    // So when a new cache of b.cjs is written (other text), the one in use stays and the older ones go.
    fs.writeFileSync(p.b, 'module.exports = { value: 10 };\n');
    expect(load([p.b], cache).stats.written).toBe(1);
    expect(fs.readdirSync(cache).filter((n) => n.startsWith('b.cjs-') && n.endsWith('.v8'))).toContain(written[0]);
  });

  it('uses no folder others can write to, and none when NODE_DISABLE_COMPILE_CACHE is set', () => {
    const p = project('guarded', 'module.exports = { value: 3 };\n');
    const open = path.join(work, 'cache-open');
    fs.mkdirSync(open);
    fs.chmodSync(open, 0o777);
    const r = load([p.b, p.a], open);
    expect(r.dir).toBeNull();
    expect(r.exports.fromB).toBe(3);
    expect(fs.readdirSync(open)).toEqual([]);
    const off = load([p.b, p.a], path.join(work, 'cache-off'), { NODE_DISABLE_COMPILE_CACHE: '1' });
    expect(off.dir).toBeNull();
    expect(fs.existsSync(path.join(work, 'cache-off'))).toBe(false);
    const link = path.join(work, 'cache-link');
    fs.mkdirSync(path.join(work, 'cache-target'));
    fs.symlinkSync(path.join(work, 'cache-target'), link);
    expect(load([p.b, p.a], link).dir).toBeNull();
  });

  it.runIf(process.getuid?.() === 0)("uses no folder another user owns", () => {
    const p = project('owned', 'module.exports = { value: 5 };\n');
    const theirs = path.join(work, 'cache-theirs');
    fs.mkdirSync(theirs, { mode: 0o755 });
    fs.chownSync(theirs, 65534, 65534);
    expect(load([p.b, p.a], theirs).dir).toBeNull();
  });
});
