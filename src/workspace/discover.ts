import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { fileKind } from './file-kinds.js';
import { gitIgnores, gitListing, type GitListing } from './git-files.js';
import { gitTopLevel } from './git-guard.js';

/** Never walked: dependencies, virtualenvs, caches and build output (the most common codemod complaint). */
export const DEFAULT_SKIP_DIRS = new Set([
  '.git', '.hg', '.svn', 'node_modules', '.venv', 'venv', '.tox', '.nox', 'site-packages', '__pycache__',
  '.mypy_cache', '.pytest_cache', '.ruff_cache', 'dist', 'build', '.next', '.turbo', '.cache', 'coverage',
]);

export interface Candidate {
  readonly abs: string;
  readonly rel: string;
  /**
   * Listed by git and not looked at yet: the reader finds out whether it is still a file (not a
   * link, a submodule, or gone), so that discovery costs no system call per file.
   */
  readonly unchecked?: true;
}

/**
 * A file git listed below the root: its path is kept once, relative, and the absolute one is
 * made when asked. A tree of 100k files otherwise holds 100k absolute paths for the whole run.
 * Structured clone drops the getter: send `wireCandidate(c)` to another thread.
 */
class ListedFile implements Candidate {
  constructor(
    private readonly rootPrefix: string,
    readonly rel: string,
  ) {}
  get abs(): string {
    return this.rootPrefix + this.rel;
  }
  get unchecked(): true {
    return true;
  }
}

/** A candidate as plain data, for postMessage. */
export const wireCandidate = (c: Candidate): Candidate => (c.unchecked ? { abs: c.abs, rel: c.rel, unchecked: true } : { abs: c.abs, rel: c.rel });

export interface Skipped {
  rel: string;
  reason: string;
  /** The file mentions what the run looks for, or could not be read to tell: it may need a change by hand. */
  relevant: boolean;
}

export interface DiscoverOptions {
  root: string;
  include?: string[];
  exclude?: string[];
}

export interface DiscoverResult {
  files: Candidate[];
  /** In the order discovery met them; `at` is the number of files found before each one. */
  skipped: (Skipped & { at?: number })[];
  /** Directories and files left out by ignore rules and default skips (counted, not listed). */
  ignoredCount: number;
  /** .env-style files left out by a .gitignore: often the real deploy config, so worth a hint. */
  ignoredEnvFiles: Candidate[];
}

export class PathError extends Error {}

const toPosix = (p: string) => p.split(path.sep).join('/');

/**
 * The files under the given paths. Inside a git work tree, git's index and its untracked files
 * that no ignore rule matches; elsewhere a walk that honours every `.gitignore` on the way down
 * (each one relative to its own folder, as git does). Both apply the default skips and
 * --include/--exclude (gitignore-style globs against the path relative to the root). Symlinks are
 * not followed, so loops cannot happen.
 */
export async function discover(paths: readonly string[], opts: DiscoverOptions): Promise<DiscoverResult> {
  const out: DiscoverResult = { files: [], skipped: [], ignoredCount: 0, ignoredEnvFiles: [] };
  const exclude = opts.exclude?.length ? ignore().add(opts.exclude) : null;
  const include = opts.include?.length ? ignore().add(opts.include) : null;
  const seen = new Set<string>();
  const skip = (s: Skipped): void => void out.skipped.push({ ...s, at: out.files.length });

  const accept = (abs: string, rel = toPosix(path.relative(opts.root, abs)), unchecked = false): void => {
    if (unchecked && (seen.has(rel) || exclude?.ignores(rel) || (include && !include.ignores(rel)))) {
      // Not to be read, but git listed it unseen: a link or a submodule is still reported, as ever.
      let st: fs.Stats;
      try {
        st = fs.lstatSync(abs);
      } catch {
        return;
      }
      if (st.isSymbolicLink()) return skip({ rel, reason: 'symbolic link (not followed)', relevant: false });
      if (st.isDirectory()) return skip({ rel, reason: 'git submodule (not entered; run on it separately)', relevant: false });
      if (!st.isFile()) return;
      unchecked = false;
    }
    if (seen.has(rel)) return;
    seen.add(rel);
    if (exclude?.ignores(rel) || (include && !include.ignores(rel))) {
      out.ignoredCount++;
      return;
    }
    out.files.push(unchecked ? { abs, rel, unchecked } : { abs, rel });
  };
  // Paths from git are already "a/b/c": below the root they need no path arithmetic.
  const rootAbs = path.resolve(opts.root);
  const rootPrefix = rootAbs.endsWith('/') ? rootAbs : `${rootAbs}/`;
  const relOf = (abs: string) => (path.sep === '/' && abs.startsWith(rootPrefix) ? abs.slice(rootPrefix.length) : toPosix(path.relative(opts.root, abs)));
  const acceptListed = (rel: string): void => {
    if (seen.has(rel) || exclude?.ignores(rel) || (include && !include.ignores(rel))) return accept(rootPrefix + rel, rel, true);
    seen.add(rel);
    out.files.push(new ListedFile(rootPrefix, rel));
  };

  // Rules from .gitignore files above a starting folder (up to the root) apply too.
  const inheritedRules = (dir: string): { base: string; ig: Ignore }[] => {
    const chain: { base: string; ig: Ignore }[] = [];
    let cur = dir;
    const root = path.resolve(opts.root);
    while (cur.startsWith(root) && cur !== path.dirname(cur)) {
      const parent = path.dirname(cur);
      if (!parent.startsWith(root)) break;
      const ig = loadGitignore(parent);
      if (ig) chain.unshift({ base: parent, ig });
      if (parent === root) break;
      cur = parent;
    }
    return chain;
  };

  const walk = (dir: string, rules: { base: string; ig: Ignore }[]): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      skip({ rel: toPosix(path.relative(opts.root, dir)) || '.', reason: `unreadable folder (${(err as NodeJS.ErrnoException).code})`, relevant: true });
      return;
    }
    const own = loadGitignore(dir);
    const here = own ? [...rules, { base: dir, ig: own }] : rules;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const abs = path.join(dir, ent.name);
      const isDir = ent.isDirectory();
      if (isDir && (DEFAULT_SKIP_DIRS.has(ent.name) || ent.name.endsWith('.egg-info') || isVirtualenv(abs))) {
        out.ignoredCount++;
        continue;
      }
      if (here.some((r) => r.ig.ignores(toPosix(path.relative(r.base, abs)) + (isDir ? '/' : '')))) {
        out.ignoredCount++;
        const rel = toPosix(path.relative(opts.root, abs));
        if (!isDir && ent.isFile() && fileKind(rel) === 'dotenv') out.ignoredEnvFiles.push({ abs, rel });
        continue;
      }
      if (ent.isSymbolicLink()) {
        skip({ rel: toPosix(path.relative(opts.root, abs)), reason: 'symbolic link (not followed)', relevant: false });
        continue;
      }
      if (isDir) walk(abs, here);
      else if (ent.isFile()) accept(abs);
    }
  };

  // Inside a work tree git's own lists decide: a tracked file is never "ignored", whatever a
  // pattern says, and no .gitignore has to be re-implemented. Default skips still apply below start.
  const takeGitListing = (start: string, top: string, listing: GitListing): void => {
    if (path.sep !== '/') return takeGitListingPortable(start, top, listing);
    const fromTop = toPosix(path.relative(top, start));
    const prefix = fromTop ? `${fromTop}/` : '';
    const topPrefix = top.endsWith('/') ? top : `${top}/`;
    // Per folder below start: the default-skipped folder it is in (itself or an ancestor), or ''.
    const skippedAt = new Map<string, string>([['', '']]);
    const skippedIn = (dir: string): string => {
      let s = skippedAt.get(dir);
      if (s !== undefined) return s;
      const cut = dir.lastIndexOf('/');
      s = skippedIn(cut < 0 ? '' : dir.slice(0, cut));
      if (!s) {
        const part = dir.slice(cut + 1);
        if (DEFAULT_SKIP_DIRS.has(part) || part.endsWith('.egg-info') || isVirtualenv(path.join(start, dir))) s = dir;
      }
      skippedAt.set(dir, s);
      return s;
    };
    const counted = new Set<string>();
    const underSkippedDir = (f: string): boolean => {
      const sub = (f.startsWith(prefix) ? f.slice(prefix.length) : f).replace(/\/$/, '');
      const cut = sub.lastIndexOf('/');
      const s = cut < 0 ? '' : skippedIn(sub.slice(0, cut));
      if (!s) return false;
      if (!counted.has(s)) {
        counted.add(s);
        out.ignoredCount++;
      }
      return true;
    };
    // Paths below the root need no absolute path to find their relative one.
    const rootFromTop = rootPrefix.startsWith(topPrefix) ? rootPrefix.slice(topPrefix.length) : null;
    for (const f of listing.files) {
      if (underSkippedDir(f)) continue;
      if (rootFromTop !== null && f.startsWith(rootFromTop)) acceptListed(f.slice(rootFromTop.length));
      else {
        const abs = topPrefix + f;
        accept(abs, relOf(abs), true);
      }
    }
    for (const f of listing.ignored) {
      if (underSkippedDir(f)) continue;
      out.ignoredCount++;
      const abs = path.join(top, f);
      const rel = toPosix(path.relative(opts.root, abs));
      if (!f.endsWith('/') && fileKind(rel) === 'dotenv') out.ignoredEnvFiles.push({ abs, rel });
    }
  };

  // The same with path arithmetic (other path separators); every file is looked at here.
  const takeGitListingPortable = (start: string, top: string, listing: GitListing): void => {
    const skippedDirs = new Set<string>();
    const venv = new Map<string, boolean>();
    const isVenv = (dir: string) => venv.get(dir) ?? (venv.set(dir, isVirtualenv(dir)), venv.get(dir)!);
    const underSkippedDir = (abs: string): boolean => {
      const parts = toPosix(path.relative(start, abs)).split('/').slice(0, -1);
      let dir = start;
      for (const part of parts) {
        dir = path.join(dir, part);
        if (DEFAULT_SKIP_DIRS.has(part) || part.endsWith('.egg-info') || isVenv(dir)) {
          if (!skippedDirs.has(dir)) {
            skippedDirs.add(dir);
            out.ignoredCount++;
          }
          return true;
        }
      }
      return false;
    };
    for (const f of listing.files) {
      const abs = path.join(top, f);
      if (underSkippedDir(abs)) continue;
      let st: fs.Stats;
      try {
        st = fs.lstatSync(abs);
      } catch {
        continue; // tracked but deleted from the work tree: nothing to read or write
      }
      const rel = toPosix(path.relative(opts.root, abs));
      if (st.isSymbolicLink()) skip({ rel, reason: 'symbolic link (not followed)', relevant: false });
      else if (st.isDirectory()) skip({ rel, reason: 'git submodule (not entered; run on it separately)', relevant: false });
      else if (st.isFile()) accept(abs);
    }
    for (const f of listing.ignored) {
      const abs = path.join(top, f);
      if (underSkippedDir(abs)) continue;
      out.ignoredCount++;
      const rel = toPosix(path.relative(opts.root, abs));
      if (!f.endsWith('/') && fileKind(rel) === 'dotenv') out.ignoredEnvFiles.push({ abs, rel });
    }
  };

  for (const p of paths) {
    const abs = path.resolve(p);
    let st: fs.Stats;
    try {
      st = fs.lstatSync(abs);
    } catch (err) {
      throw new PathError(`${p}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : `cannot read (${(err as NodeJS.ErrnoException).code})`}`);
    }
    if (st.isDirectory()) {
      const top = gitTopLevel(abs);
      const fromGit = top !== null && !gitIgnores(top, path.relative(top, abs) || '.') ? await gitListing(top, path.relative(top, abs) || '.') : null;
      if (fromGit) {
        takeGitListing(abs, top!, fromGit);
        continue;
      }
      // Outside git: walk. A folder named explicitly is walked even when an outer .gitignore
      // excludes it (as with a file named explicitly); rules inside it still apply.
      const inherited = inheritedRules(abs);
      const excluded = inherited.some((r) => r.ig.ignores(`${toPosix(path.relative(r.base, abs))}/`));
      walk(abs, excluded ? [] : inherited);
    }
    else if (st.isFile()) accept(abs);
    else skip({ rel: toPosix(path.relative(opts.root, abs)), reason: st.isSymbolicLink() ? 'symbolic link (not followed)' : 'not a regular file', relevant: false });
  }
  return out;
}

function loadGitignore(dir: string): Ignore | null {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, '.gitignore'), 'utf8');
  } catch {
    return null;
  }
  return ignore().add(text);
}

function isVirtualenv(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'pyvenv.cfg'));
}

/** What the reader found a listed path to be, when it is not a file to read. */
export type NotAFile = 'gone' | 'symlink' | 'submodule';

/**
 * Discovery completed by what reading found: paths git listed that turned out not to be files
 * leave the list (a link or a submodule with its reason, in the order discovery met it; a path
 * gone from the work tree silently, as a stat would have dropped it).
 */
export function settleDiscovery(found: DiscoverResult, notAFile: (index: number) => NotAFile | undefined): { files: Candidate[]; skipped: Skipped[] } {
  const files: Candidate[] = [];
  const skipped: Skipped[] = [];
  let s = 0;
  const flushUpTo = (k: number) => {
    for (; s < found.skipped.length && (found.skipped[s]!.at ?? 0) <= k; s++) {
      const { at: _at, ...sk } = found.skipped[s]!;
      skipped.push(sk);
    }
  };
  for (let k = 0; k < found.files.length; k++) {
    flushUpTo(k);
    const c = found.files[k]!;
    const kind = notAFile(k);
    if (kind === 'symlink') skipped.push({ rel: c.rel, reason: 'symbolic link (not followed)', relevant: false });
    else if (kind === 'submodule') skipped.push({ rel: c.rel, reason: 'git submodule (not entered; run on it separately)', relevant: false });
    else if (kind !== 'gone') files.push(c);
  }
  flushUpTo(Infinity);
  return { files, skipped };
}
