import type * as TsMorph from 'ts-morph';
import type { JsProject, TsNode } from './project.js';

/** A URL a `new PrismaClient(...)` sets in code (`datasourceUrl`, or `datasources.<name>.url`). */
export interface PrismaCodeUrl {
  at: TsNode;
  /** The expression as written. */
  text: string;
  /** It carries `pgbouncer=true`. */
  pgbouncer: boolean;
  /**
   * `url + "?..."` or a template that appends a query: it breaks (`?a=1?pgbouncer=true`) as soon as
   * the variable holds a query string of its own.
   */
  appendsQuery: boolean;
}

/** Every runtime URL the project's PrismaClient constructions set in code. */
export function prismaCodeUrls(p: JsProject): PrismaCodeUrl[] {
  const { Node, SyntaxKind } = p;
  const out: PrismaCodeUrl[] = [];
  const take = (n: TsNode | undefined) => {
    if (!n) return;
    const v = p.unwrap(n);
    const r = Node.isIdentifier(v) ? p.resolve(v) : null;
    const expr = r?.kind === 'node' ? r.node : v;
    const text = expr.getText();
    out.push({ at: n, text, pgbouncer: /[?&]pgbouncer=true\b/.test(text), appendsQuery: /^\s*\S[\s\S]*\+\s*["'`]\?/.test(text) || /\}\?[\w]+=/.test(text) });
  };
  for (const sf of p.sources) {
    for (const nw of p.newsOf(sf, (written) => written === 'PrismaClient')) {
      const opts = p.resolve(nw.getArguments()[0]);
      if (opts.kind !== 'object') continue;
      take(opts.props.get('datasourceUrl'));
      const ds = opts.props.get('datasources') ? p.resolve(opts.props.get('datasources')) : null;
      if (ds?.kind === 'object') {
        for (const db of ds.props.values()) {
          const d = p.resolve(db);
          if (d.kind === 'object') take(d.props.get('url') as TsMorph.Node | undefined);
        }
      }
    }
  }
  return out;
}

/** For each `new PrismaClient(...)` of the files, whether its options name a driver adapter. */
export function prismaClientAdapters(p: JsProject): boolean[] {
  return p.sources.flatMap((sf) => p.newsOf(sf, (written) => written === 'PrismaClient')).map((nw) => {
    const opts = p.resolve(nw.getArguments()[0]);
    return opts.kind === 'object' && opts.props.has('adapter');
  });
}

/**
 * Whether the project's Prisma clients run on the pg driver adapter (unnamed statements): judged
 * per `new PrismaClient(...)` (prismaClientAdapters), since an adapter in one script says nothing
 * of the app's own client. With no construction in the code, an import of the adapter is all there
 * is to go on.
 */
export function prismaUsesAdapter(clients: readonly boolean[], modules: ReadonlySet<string>): boolean {
  return clients.length ? clients.every(Boolean) : modules.has('@prisma/adapter-pg');
}

/**
 * `new PrismaPg(pool, { statementNameGenerator })`: the adapter then names every statement, which
 * breaks behind a transaction pooler that does not keep them (measured: 9 ok / 791 errors through
 * PgBouncer 1.18). Options it cannot read are returned too, as unknown.
 */
export function prismaNamedAdapters(p: JsProject): { at: TsNode; certain: boolean }[] {
  const { SyntaxKind } = p;
  const out: { at: TsNode; certain: boolean }[] = [];
  for (const sf of p.sources) {
    for (const nw of p.newsOf(sf, (written) => written === 'PrismaPg')) {
      const optsArg = nw.getArguments()[1];
      if (!optsArg) continue;
      const opts = p.resolve(optsArg);
      if (opts.kind === 'object' && opts.props.has('statementNameGenerator')) out.push({ at: nw, certain: true });
      else if (opts.kind !== 'object' || opts.opaque.length) out.push({ at: nw, certain: false });
    }
  }
  return out;
}
