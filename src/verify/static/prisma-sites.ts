import * as fs from 'node:fs';
import * as path from 'node:path';
import { atLeast, prismaPolicy, VERSION_FACTS, type OptionValue } from '../../drivers/index.js';
import { postgresDatasources } from '../../languages/config/prisma-schema.js';
import type { Site } from './site.js';
import type { Versions } from './versions.js';

/** Reads KEY=value lines of .env files next to the schema and at the root (Prisma loads both). */
function envLookup(dirs: string[], name: string): string | null {
  for (const dir of dirs) {
    for (const f of ['.env', '.env.local', '.env.production']) {
      let text: string;
      try {
        text = fs.readFileSync(path.join(dir, f), 'utf8');
      } catch {
        continue;
      }
      const m = new RegExp(`^\\s*(?:export\\s+)?${name}\\s*=\\s*["']?([^"'\\n]*)`, 'm').exec(text);
      if (m) return m[1]!;
    }
  }
  return null;
}

export interface PrismaContext {
  abs: string;
  rel: string;
  text: string;
  root: string;
  versions: Versions;
  adapter: boolean;
  /** The URL given to verify stands in for env("...") URLs. */
  verifyUrl: string | null;
  /** URLs the runtime PrismaClient sets in code: they override the schema's. */
  codeUrls?: { where: string; text: string; pgbouncer: boolean }[];
}

/** `datasource db { provider = "postgresql" url = env("DATABASE_URL") }` in a .prisma schema. */
export function prismaSites(ctx: PrismaContext): Site[] {
  const out: Site[] = [];
  for (const ds of postgresDatasources(ctx.text)) {
    const hasDirect = ds.hasDirectUrl;
    const line = ctx.text.slice(0, ds.start).split('\n').length;
    const urlExpr = ds.urlVar ? `env("${ds.urlVar}")` : ds.urlLiteral !== null ? `"${ds.urlLiteral}"` : 'url';
    let url: string | null = ds.urlLiteral;
    let from = 'the schema';
    if (ds.urlVar) {
      url = ctx.verifyUrl ?? envLookup([path.dirname(ctx.abs), ctx.root], ds.urlVar);
      from = ctx.verifyUrl ? 'the --url given to verify' : `env ${ds.urlVar}`;
    }
    // The runtime client's own URL, set in code, is what the app really connects with.
    const code = ctx.codeUrls?.find((u) => u.pgbouncer);
    if (code) {
      url = code.text;
      from = `the PrismaClient at ${code.where}`;
    }
    const param: OptionValue | undefined = url === null ? { type: 'unknown', source: urlExpr } : /[?&]pgbouncer=([^&#]*)/.test(url) ? { type: 'str', s: /[?&]pgbouncer=([^&#]*)/.exec(url)![1]! } : undefined;
    const v = ctx.versions.find('prisma', ctx.rel) ?? ctx.versions.find('@prisma/client', ctx.rel);
    const policy = prismaPolicy(v?.version ?? null, ctx.adapter, param);
    // Prisma 7 rejects `url` and `directUrl` in a schema (P1012): the driver adapter connects and Migrate
    // reads prisma.config.ts, so neither pgbouncer=true nor directUrl is advice there.
    const v7 = v !== null && atLeast(v.version, VERSION_FACTS.prismaAdapters);
    const noSchemaUrl = v7 && !ds.urlVar && ds.urlLiteral === null && !code;
    out.push({
      path: ctx.rel,
      line,
      column: 1,
      driver: 'prisma',
      settings: [noSchemaUrl ? 'no url in the schema (Prisma 7: the driver adapter connects)' : `url from ${from}${url === null ? ' (not found)' : ''}`, param?.type === 'str' ? `pgbouncer=${param.s}` : 'pgbouncer (not set)', ...(hasDirect ? ['directUrl set'] : v7 ? [] : ['no directUrl']), v ? `prisma ${v.version.join('.')} from ${v.source}` : 'prisma version: not found (assumed 5/6)'],
      policy,
      fix: v7
        ? policy.kind === 'never'
          ? ''
          : 'pass the pg driver adapter to the client: new PrismaClient({ adapter: new PrismaPg({ connectionString }) })'
        : policy.kind === 'never'
          ? hasDirect
            ? ''
            : 'add directUrl (a direct connection) for migrations'
          : 'add pgbouncer=true to the pooled URL, and directUrl for migrations',
      // The query engine then runs DEALLOCATE ALL, which PgBouncer 1.21 mishandled (prisma/prisma#21635).
      ...(!ctx.adapter && param?.type === 'str' && param.s === 'true'
        ? { keepingPooler: 'pgbouncer=true makes Prisma\'s query engine send DEALLOCATE ALL, which PgBouncer 1.21 mishandles; on a pooler that keeps named statements the flag is not needed', keepingNeeds: 'deallocate-all' as const }
        : {}),
    });
  }
  return out;
}
