import { indentOf, lineEndIncl, lineStart } from '../../../src/codemod/layout.js';
import type { FileContext } from '../../../src/codemod/types.js';
import { postgresDatasources } from '../../../src/languages/config/prisma-schema.js';
import { gate } from '../endpoint.js';
import { DIRECT_VARS, type Facts } from '../facts.js';

const RULE = 'pooler-safe';

/** A URL that goes through a pooler by convention: PgBouncer's 6432, Supabase's 6543, "pooler"/"pgbouncer" hosts. */
const looksPooled = (url: string) => /:(6543|6432)\b|pooler|pgbouncer/i.test(url.replace(/^[^@]*@/, ''));

/** Prisma 5/6: `pgbouncer=true` on pooled URLs in .env files (DRIVER-FACTS.md §2). */
export function prismaEnv(ctx: FileContext<Facts>): void {
  const { prisma } = ctx.facts;
  // pgbouncer=true already added in code: adding it to the variable too would give "?...?pgbouncer=true".
  if (prisma.safe || !prisma.urlVars.size || prisma.codeUrls.some((u) => u.pgbouncer)) return;
  for (const name of prisma.urlVars) {
    const m = new RegExp(`^(\\s*(?:export\\s+)?${name}\\s*=\\s*["']?)(postgres(?:ql)?://[^"'\\s#]*)`, 'm').exec(ctx.file.text);
    if (!m) continue;
    const url = m[2]!;
    if (/[?&]pgbouncer=true\b/.test(url) || !looksPooled(url)) continue;
    const at = m.index + m[1]!.length + url.length;
    if (!gate(ctx, 'named-off', `${name}: pgbouncer=true`, at)) continue;
    ctx.edit(at, at, `${url.includes('?') ? '&' : '?'}pgbouncer=true`, 'pooler-safe', `${name}: add pgbouncer=true (${prisma.why})`);
  }
}

/** Migrations must run over a direct connection: `directUrl` in the datasource. */
export function prismaSchema(ctx: FileContext<Facts>): void {
  const { prisma } = ctx.facts;
  if (prisma.safe) return;
  const { text, eol } = ctx.file;
  for (const ds of postgresDatasources(text)) {
    if (ds.hasDirectUrl || ds.urlAt < 0) continue;
    const urlAt = ds.urlAt;
    if (!gate(ctx, 'direct-url', 'directUrl for Prisma Migrate', urlAt)) continue;
    if (prisma.directVar) {
      const at = lineEndIncl(text, urlAt);
      ctx.edit(at, at, `${indentOf(text, lineStart(text, urlAt))}directUrl = env("${prisma.directVar}")${eol}`, 'pooler-safe', `directUrl = env("${prisma.directVar}"): Prisma Migrate must use a direct connection (otherwise "prepared statement s0 already exists")`);
    } else {
      ctx.followUp(urlAt, RULE, 'add directUrl = env("DIRECT_URL") with a direct (non-pooled) connection: Prisma Migrate cannot run through a transaction pooler');
    }
  }
}

/**
 * Prisma 7 `prisma.config.ts`: `datasource.url` is what Prisma Migrate connects with (the runtime
 * client goes through its adapter). Through a transaction pooler migrations fail, so where the
 * project names a pooler and that URL is not a known direct one, it is flagged with the change.
 */
export function prismaConfig(ctx: FileContext<Facts>): void {
  if (!/(^|\/)prisma\.config\.(ts|mts|js|mjs|cjs)$/.test(ctx.file.rel) || !ctx.facts.poolerSeen) return;
  const m = /\bdatasource\s*:\s*\{[^}]*?\burl\s*:\s*(env\(\s*['"](\w+)['"]\s*\)|process\.env\.(\w+))/.exec(ctx.file.text);
  if (!m) return;
  const name = m[2] ?? m[3]!;
  if (DIRECT_VARS.includes(name)) return;
  const direct = ctx.facts.prisma.directVar;
  if (!gate(ctx, 'direct-url', `Prisma Migrate URL (${name})`, m.index)) return;
  ctx.followUp(m.index + m[0].indexOf(m[1]!), RULE, `Prisma Migrate connects with this URL (${name}); through a transaction pooler migrations fail: point it at a direct connection${direct ? `, e.g. env('${direct}')` : ' (a DIRECT_URL variable)'}`);
}
