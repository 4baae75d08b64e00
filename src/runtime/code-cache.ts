import * as fs from 'node:fs';
import { createRequire, Module } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { crc32 } from 'node:zlib';

/** What this process did with cached code: for tests and the bench. */
export const codeCacheStats = { used: 0, written: 0, rejected: 0 };

/**
 * The folder for V8 code caches, or null when there is none to trust. Node 22's own compile cache
 * is the model (a folder in the temp dir, NODE_DISABLE_COMPILE_CACHE turns it off), with one more
 * guard: cached bytecode runs as this user, so on a shared /tmp the folder must be this user's alone.
 */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.NODE_DISABLE_COMPILE_CACHE) return null;
  const uid = process.getuid?.();
  const dir = env.MIGRATE_DRIVER_CACHE_DIR || path.join(os.tmpdir(), `migrate-driver-code-cache${uid === undefined ? '' : `-${uid}`}`);
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    const st = fs.lstatSync(dir);
    if (!st.isDirectory()) return null;
    // Windows has no uids (and its temp folder is per user already).
    if (uid !== undefined && (st.uid !== uid || (st.mode & 0o022) !== 0)) return null;
    return dir;
  } catch {
    return null;
  }
}

/**
 * Loads CommonJS files into require's cache as require() would (same source, same wrapper, same
 * module object), but compiled from a V8 code cache when one matches: TypeScript's 9 MB bundle costs
 * about 150 ms to compile on every run, and 25 ms from its cache. `files` go in dependency order and
 * by real path, so the requires between them find each other. A cache is keyed by the file's
 * content (CRC-32 and length: V8 checks only the length), Node's version and flags. V8 rejects one
 * it cannot use, and then the file is compiled as usual and its cache written again.
 */
export function preloadCommonJs(files: readonly string[], dir: string | null = codeCacheDir()): void {
  const cache = createRequire(import.meta.url).cache;
  const runtime = runtimeKey();
  for (const file of files) {
    if (cache[file]) continue;
    const raw = fs.readFileSync(file);
    const cacheFile = dir && path.join(dir, `${path.basename(file)}-${crc32(raw).toString(16)}-${raw.length}-${runtime}.v8`);
    const cachedData = cacheFile ? readIfThere(cacheFile) : undefined;
    const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) { ${raw.toString('utf8')}\n});`, {
      filename: file,
      cachedData,
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
    const mod = new Module(file);
    mod.filename = file;
    cache[file] = mod;
    try {
      (script.runInThisContext() as (...a: unknown[]) => void).call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file));
      mod.loaded = true;
    } catch (err) {
      delete cache[file];
      throw err;
    }
    if (cachedData && !script.cachedDataRejected) {
      codeCacheStats.used++;
      // Pruning goes by last use: the cache every plain run reads must outlast a profiling run's.
      touchQuietly(cacheFile!);
    } else {
      if (cachedData) codeCacheStats.rejected++;
      if (cacheFile && writeQuietly(cacheFile, script.createCachedData())) {
        codeCacheStats.written++;
        pruneOlder(dir, path.basename(file), path.basename(cacheFile));
      }
    }
  }
}

/** Node's version and flags: V8 rejects a cache made under other flags (a profiling run, say), so each keeps its own. */
function runtimeKey(): string {
  const flags = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].join('\0');
  return `${process.version}-${process.arch}-${crc32(flags).toString(16)}`;
}

/**
 * Caches kept per module, the one just written included. Each TypeScript build and each set of Node
 * flags (every profiling run with its own output folder) leaves one, 5.6 MB for ts-morph's bundle
 * alone: unbounded, a developer's folder reached 148 MB. The least recently used go first.
 */
const CACHES_PER_MODULE = 3;

/** Removes a module's caches beyond the most recently used few; it runs only after a write, and a failure changes nothing. */
function pruneOlder(dir: string, base: string, written: string): void {
  // `<module>-<crc>-<length>-<runtime>.v8`, as preloadCommonJs names them.
  const escaped = base.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&');
  const mine = new RegExp('^' + escaped + '-[0-9a-f]+-\\d+-.+\\.v8$');
  try {
    const others: { file: string; at: number }[] = [];
    for (const name of fs.readdirSync(dir)) {
      if (name === written || !mine.test(name)) continue;
      const file = path.join(dir, name);
      try {
        others.push({ file, at: fs.statSync(file).mtimeMs });
      } catch {
        // Gone meanwhile (another run pruned it).
      }
    }
    others.sort((a, b) => b.at - a.at);
    for (const o of others.slice(CACHES_PER_MODULE - 1)) fs.rmSync(o.file, { force: true });
  } catch {
    // A cache folder that cannot be listed is only a slower next run.
  }
}

function touchQuietly(file: string): void {
  try {
    const now = new Date();
    fs.utimesSync(file, now, now);
  } catch {
    // Pruned meanwhile: the next run writes it again.
  }
}

function readIfThere(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** A cache is only a speed-up: a failed write changes nothing. Renamed into place, never half-written. */
function writeQuietly(file: string, data: Buffer): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(tmp, data, { mode: 0o600 });
    fs.renameSync(tmp, file);
    return true;
  } catch {
    fs.rmSync(tmp, { force: true });
    return false;
  }
}
