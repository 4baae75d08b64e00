import * as path from 'node:path';
import type { ScannedFile } from '../../src/codemod/types.js';
import { postgresDatasources } from '../../src/languages/config/prisma-schema.js';
import { Versions } from '../../src/verify/static/versions.js';
import type { EndpointFacts } from './endpoint.js';
import { planJs, type JsPlanItem } from './js-plan.js';
import { JS_FILE } from './rules/js.js';

/** What the whole workspace says, gathered before any edit (OpenRewrite's scanning recipes). */
export interface Facts {
  versions: Versions;
  /** The one `postgresql+X` driver the project's URLs use, if exactly one. */
  dialect: string | null;
  /** Something in the project names a pooler (a pooled port or host, pgbouncer=true, a PgBouncer config or image). */
  poolerSeen: boolean;
  /** The endpoint given with --url: rules write only what it needs. */
  endpoint?: EndpointFacts;
  /** Per JS/TS file, what the transform must do there (computed project-wide with ts-morph). */
  js: Map<string, JsPlanItem[]>;
  /** JS/TS files TypeScript's parser read without a syntax error: their transform parses only what it edits. */
  jsClean: ReadonlySet<string>;
  prisma: {
    /** Env variables that hold Prisma datasource URLs (`url = env("X")`). */
    urlVars: Set<string>;
    /** A variable that holds a direct (unpooled) URL, for `directUrl`. */
    directVar: string | null;
    /** Prisma 7, or the pg driver adapter: unnamed statements already. */
    safe: boolean;
    /** Runtime URLs set in code by `new PrismaClient(...)`. */
    codeUrls: { rel: string; offset: number; text: string; pgbouncer: boolean; appendsQuery: boolean }[];
    why: string;
  };
}

/** Names people give the direct URL (Supabase, Vercel, Neon conventions). */
export const DIRECT_VARS = ['DIRECT_URL', 'DIRECT_DATABASE_URL', 'DATABASE_URL_UNPOOLED', 'POSTGRES_URL_NON_POOLING'];

export async function scanFacts(files: readonly ScannedFile[]): Promise<Facts> {
  const versions = new Versions();
  const dialects = new Set<string>();
  const js: string[] = [];
  const urlVars = new Set<string>();
  let directVar: string | null = null;
  let root = '';
  let poolerSeen = false;
  for (const { file, kind } of files) {
    root ||= file.abs.slice(0, file.abs.length - file.rel.length).replace(/[\\/]$/, '') || path.sep;
    if (Versions.isManifest(file.rel)) versions.read(file.rel, file.text);
    if (/pgbouncer|supavisor|odyssey|:(6432|6543)\b|-pooler\.|pooler\.supabase/i.test(file.text)) poolerSeen = true;
    for (const m of file.text.matchAll(/\bpostgres(?:ql)?\+(\w+):\/\//g)) dialects.add(m[1]!);
    if (JS_FILE.test(file.rel) && !file.rel.endsWith('.d.ts')) js.push(file.abs);
    if (kind === 'prisma') for (const ds of postgresDatasources(file.text)) if (ds.urlVar) urlVars.add(ds.urlVar);
    if (kind === 'dotenv') directVar ??= DIRECT_VARS.find((v) => new RegExp(`^\\s*(export\\s+)?${v}\\s*=`, 'm').test(file.text)) ?? null;
  }
  const planned = js.length ? await planJs(js, root) : { plan: new Map<string, JsPlanItem[]>(), clean: new Set<string>(), prismaAdapter: false, prismaCodeUrls: [] };
  const prismaVersion = versions.find('prisma', '.') ?? versions.find('@prisma/client', '.');
  const v7 = !!prismaVersion && prismaVersion.version[0] >= 7;
  return {
    versions,
    dialect: dialects.size === 1 ? [...dialects][0]! : null,
    poolerSeen,
    js: planned.plan,
    jsClean: planned.clean,
    prisma: {
      urlVars,
      directVar,
      safe: v7 || planned.prismaAdapter,
      codeUrls: planned.prismaCodeUrls,
      why: planned.prismaAdapter ? 'Prisma with @prisma/adapter-pg runs unnamed statements' : v7 ? `Prisma ${prismaVersion!.version.join('.')} uses driver adapters` : `Prisma ${prismaVersion ? prismaVersion.version.join('.') : '(version not found, assumed 5/6)'} names its statements (s0, s1, ...) unless the URL has pgbouncer=true`,
    },
  };
}
