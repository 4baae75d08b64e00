import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parseVersion, type Version } from '../../drivers/versions.js';
import { requirementLines } from '../../languages/config/requirement.js';

export interface FoundVersion {
  version: Version;
  /** True for a pin or a lockfile entry; false for a lower bound (used conservatively). */
  exact: boolean;
  source: string;
}

/** Package versions per folder, from manifests and lockfiles. Lockfiles win over ranges. */
export class Versions {
  private byDir = new Map<string, Map<string, FoundVersion>>();
  readonly assumptions: string[] = [];

  private put(dir: string, name: string, v: FoundVersion): void {
    const m = this.byDir.get(dir) ?? new Map<string, FoundVersion>();
    const old = m.get(name);
    if (!old || (v.exact && !old.exact)) m.set(name, v);
    this.byDir.set(dir, m);
  }

  /** Reads one manifest or lockfile if it is one. */
  read(rel: string, text: string): void {
    const base = path.posix.basename(rel);
    const dir = path.posix.dirname(rel);
    try {
      if (/^(requirements|constraints).*\.(txt|in)$/.test(base)) {
        for (const l of requirementLines(text)) {
          const m = /^(==|===|>=|~=)\s*([\w.]+)/.exec(l.req.specifier);
          const v = m ? parseVersion(m[2]) : null;
          if (v) this.put(dir, l.req.name, { version: v, exact: m![1]!.startsWith('=='), source: `${rel}: ${l.req.name}${l.req.specifier}` });
          // psycopg[binary] installs the psycopg-binary wheel (its own libpq), as lockfiles name it.
          if (v && l.req.name === 'psycopg' && l.req.extras.includes('binary')) this.put(dir, 'psycopg-binary', { version: v, exact: m![1]!.startsWith('=='), source: `${rel}: psycopg[binary]${l.req.specifier}` });
        }
      } else if (base === 'poetry.lock' || base === 'uv.lock' || base === 'pdm.lock') {
        const doc = parseToml(text) as { package?: { name: string; version: string }[] };
        for (const p of doc.package ?? []) {
          const v = parseVersion(p.version);
          if (v) this.put(dir, p.name.toLowerCase(), { version: v, exact: true, source: `${rel}: ${p.name} ${p.version}` });
        }
      } else if (base === 'package.json') {
        const j = JSON.parse(text) as Record<string, Record<string, string> | undefined>;
        for (const k of ['dependencies', 'devDependencies', 'optionalDependencies']) {
          for (const [name, range] of Object.entries(j[k] ?? {})) {
            const v = parseVersion(range);
            if (v && /^[\^~>=]*\d/.test(range.trim())) this.put(dir, name, { version: v, exact: /^\d/.test(range.trim()), source: `${rel}: ${name} ${range}` });
          }
        }
      } else if (base === 'package-lock.json') {
        const j = JSON.parse(text) as { packages?: Record<string, { version?: string }> };
        for (const [p, info] of Object.entries(j.packages ?? {})) {
          const name = p.replace(/^.*node_modules\//, '');
          const v = parseVersion(info.version);
          if (p.includes('node_modules/') && v && !p.slice(p.indexOf('node_modules/') + 13).includes('node_modules/')) this.put(dir, name, { version: v, exact: true, source: `${rel}: ${name} ${info.version}` });
        }
      } else if (base === 'Pipfile.lock') {
        const j = JSON.parse(text) as Record<string, Record<string, { version?: string }>>;
        for (const sec of ['default', 'develop']) {
          for (const [name, info] of Object.entries(j[sec] ?? {})) {
            const v = parseVersion(info.version);
            if (v) this.put(dir, name.toLowerCase(), { version: v, exact: true, source: `${rel}: ${name}${info.version}` });
          }
        }
      }
    } catch {
      /* an unreadable manifest gives no version; the policy then says what it assumed */
    }
  }

  /** The version that applies to a file: nearest folder upwards, then anywhere in the tree. */
  find(name: string, fileRel: string): FoundVersion | null {
    let dir = path.posix.dirname(fileRel);
    for (;;) {
      const v = this.byDir.get(dir)?.get(name);
      if (v) return v;
      if (dir === '.' || dir === '' || dir === '/') break;
      dir = path.posix.dirname(dir);
    }
    for (const m of this.byDir.values()) {
      const v = m.get(name);
      if (v) return v;
    }
    return null;
  }

  /**
   * The SQLAlchemy driver a file's nearest manifest implies: it lists asyncpg or psycopg, not both.
   * Used only when neither the code nor the project's URLs name one.
   */
  driverFor(fileRel: string): { driver: 'asyncpg' | 'psycopg'; why: string } | null {
    let dir = path.posix.dirname(fileRel);
    for (;;) {
      const m = this.byDir.get(dir);
      if (m && m.size) {
        const a = m.get('asyncpg');
        const p = m.get('psycopg') ?? m.get('psycopg-binary');
        if (a && !p) return { driver: 'asyncpg', why: `listed in ${a.source}` };
        if (p && !a) return { driver: 'psycopg', why: `listed in ${p.source}` };
        return null;
      }
      if (dir === '.' || dir === '' || dir === '/') return null;
      dir = path.posix.dirname(dir);
    }
  }

  static isManifest(rel: string): boolean {
    return /(^|\/)((requirements|constraints)[^/]*\.(txt|in)|poetry\.lock|uv\.lock|pdm\.lock|Pipfile\.lock|package\.json|package-lock\.json)$/.test(rel);
  }
}
