import { PG_NAMED_POLICY, PG_POLICY, postgresJsPolicy, type OptionValue, type PreparePolicy } from '../../drivers/index.js';
import { namedQueryOf, placesOf, type NamedQuery } from '../../languages/js/named-queries.js';
import { forEachJsBatch } from '../../languages/js/batches.js';
import { prismaClientAdapters, prismaCodeUrls, prismaNamedAdapters, prismaUsesAdapter, type PrismaCodeUrl } from '../../languages/js/prisma-client.js';
import type { TsNode } from '../../languages/js/project.js';
import type { Site } from './site.js';

export interface JsFile {
  abs: string;
  rel: string;
}

export interface JsFindings {
  sites: Site[];
  /** The project uses Prisma's pg driver adapter. */
  prismaAdapter: boolean;
  /** Runtime URLs set in code by `new PrismaClient(...)`, with where. */
  prismaCodeUrls: (Omit<PrismaCodeUrl, 'at'> & { where: string })[];
}

/**
 * JS/TS connection sites: postgres.js clients, node-postgres pools and named query configs,
 * Drizzle's `.prepare("name")` on node-postgres, and Drizzle/Kysely constructors (which take
 * their client's policy). Values are resolved by JsProject; anything else is "unknown".
 */
export async function jsSites(files: readonly JsFile[], root: string, batchSize?: number): Promise<JsFindings> {
  const sites: Site[] = [];
  // Drizzle's .prepare() sites count only once every file is known to import drizzle-orm/node-postgres.
  const drizzleSites = new Set<Site>();
  const modules = new Set<string>();
  const clients: boolean[] = [];
  const codeUrls: JsFindings['prismaCodeUrls'] = [];
  const adapterSites: Site[] = [];
  // ORM constructors, with where the client they wrap was made (resolved while their batch is loaded).
  const wrappers: { at: { path: string; line: number; column: number }; via: string; argText: string; inner: { path: string; line: number } | null; innerSite?: Site }[] = [];

  await forEachJsBatch(files.map((f) => f.abs), root, (p) => {
    const { Node, SyntaxKind } = p;
    for (const sf of p.sources) for (const m of p.bindingsOf(sf).modules) modules.add(m);
    clients.push(...prismaClientAdapters(p));
    for (const { at, ...u } of prismaCodeUrls(p)) codeUrls.push({ ...u, where: `${p.where(at).path}:${p.where(at).line}` });

    const valueOf = (n: TsNode | undefined): OptionValue | undefined => {
      if (!n) return undefined;
      const r = p.resolve(n);
      if (r.kind !== 'node') return { type: 'unknown', source: n.getText() };
      const v = r.node;
      if (v.getKind() === SyntaxKind.TrueKeyword) return { type: 'bool', b: true };
      if (v.getKind() === SyntaxKind.FalseKeyword) return { type: 'bool', b: false };
      if (Node.isStringLiteral(v) || Node.isNoSubstitutionTemplateLiteral(v)) return { type: 'str', s: v.getLiteralValue() };
      if (Node.isNumericLiteral(v)) return { type: 'int', n: v.getLiteralValue() };
      return { type: 'unknown', source: n.getText() };
    };
    const site = (n: TsNode, driver: string, settings: string[], policy: PreparePolicy, fix: string): Site => ({ ...p.where(n), driver, settings, policy, fix: policy.kind === 'never' ? '' : fix });

    /** postgres(url?, options?): the `prepare` option, else the URL's ?prepare=, else the default. */
    const postgresSite = (call: TsNode & { getArguments(): TsNode[] }): Site => {
      const args = call.getArguments();
      const first = args[0] ? p.unwrap(args[0]) : undefined;
      const firstResolved = first ? p.resolve(first) : null;
      const opts = firstResolved?.kind === 'object' ? firstResolved : args[1] ? p.resolve(args[1]) : null;
      const urlText = first && (Node.isStringLiteral(first) || Node.isNoSubstitutionTemplateLiteral(first)) ? first.getLiteralValue() : '';
      const urlPrepare = /[?&]prepare=(true|false)/.exec(urlText)?.[1];
      let prepare: OptionValue | undefined = urlPrepare ? { type: 'str', s: urlPrepare } : undefined;
      let policy: PreparePolicy;
      if (opts && opts.kind === 'unknown') policy = { kind: 'unknown', why: `the options ${args[1]?.getText() ?? ''} cannot be read statically (${opts.why})` };
      else {
        const pp = opts?.kind === 'object' ? opts.props.get('prepare') : undefined;
        if (pp) prepare = valueOf(pp);
        policy = !pp && opts?.kind === 'object' && opts.opaque.length ? { kind: 'unknown', why: `options spread from ${opts.opaque.join(', ')} cannot be read` } : postgresJsPolicy(prepare);
      }
      const shown = prepare === undefined ? 'prepare (default true)' : `prepare: ${prepare.type === 'bool' ? prepare.b : prepare.type === 'str' ? prepare.s : prepare.type === 'unknown' ? prepare.source : '?'}`;
      const s = site(call, 'postgres.js', [shown], policy, 'pass { prepare: false } to postgres()');
      // postgres.js sends `connection: {...}` entries as start-up parameters.
      const conn = opts?.kind === 'object' ? opts.props.get('connection') : undefined;
      const connObj = conn ? p.resolve(conn) : null;
      if (connObj?.kind === 'object' && connObj.props.size) s.startupParams = Object.fromEntries([...connObj.props].map(([k, v]) => [k, literalText(valueOf(v))]));
      return s;
    };

    for (const a of prismaNamedAdapters(p)) {
      adapterSites.push(site(a.at, 'prisma+adapter-pg', ['statementNameGenerator'], a.certain ? { kind: 'named-immediately', why: 'statementNameGenerator gives the adapter\'s statements names: named statements, kept per server connection' } : { kind: 'unknown', why: 'the PrismaPg options cannot be read statically (a statementNameGenerator there names every statement)' }, 'remove statementNameGenerator from the PrismaPg options'));
    }

    const wrapper = (node: TsNode, via: string, arg: TsNode | undefined) => {
      const w = { at: p.where(node), via, argText: arg?.getText() ?? '' };
      if (/\((node-postgres|pg)\)$/.test(via)) {
        const nw = p.newOf(arg);
        wrappers.push({ ...w, inner: nw ? p.where(nw) : null });
      } else {
        // Its site, in case the client is made in a module the audit did not list (reached through an import).
        const call = p.postgresCallOf(arg);
        wrappers.push({ ...w, inner: call ? p.where(call) : null, innerSite: call ? postgresSite(call) : undefined });
      }
    };

    for (const sf of p.sources) {
      const b = p.bindingsOf(sf);
      for (const call of p.callsOf(sf, new Set(b.wrappers.keys()))) {
        const callee = call.getExpression();
        const args = call.getArguments();
        if (p.isPostgresCall(call)) sites.push(postgresSite(call));
        else if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'query' && args[0]) {
          // By the config's shape, whatever the receiver: the client often arrives as a parameter.
          const q = namedQueryOf(p, call);
          if (q) {
            const s = site(call, 'pg', [`name: ${q.name.getText()}`], namedQueryPolicy(q), q.decidedBy ? `${q.decidedBy.off === null ? `make ${q.decidedBy.condition} leave the name undefined` : `set ${q.decidedBy.flag} to ${q.decidedBy.off}`} by default${q.decidedBy.defaults.length ? ` (decided at ${placesOf(q.decidedBy.defaults)})` : ''}, so the query config has no name` : 'remove `name` from the query config');
            sites.push(s);
          }
        } else if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'prepare' && args[0] && (Node.isStringLiteral(p.unwrap(args[0])) || Node.isNoSubstitutionTemplateLiteral(p.unwrap(args[0])))) {
          const s = site(call, 'drizzle+pg', [`.prepare(${args[0].getText()})`], { kind: 'named-immediately', why: 'Drizzle on node-postgres passes the prepare() name to pg: a named statement' }, 'use the query without .prepare(name)');
          sites.push(s);
          drizzleSites.add(s);
        }
        const via = b.wrappers.get(callee.getText());
        if (via?.startsWith('drizzle')) wrapper(call, via, args[0]);
      }
      // Constructors as written: an ORM wrapper, or pg's Pool/Client by name or through its namespace.
      const ctor = (written: string, e: { kind: number }) => b.wrappers.has(written) || b.pgCtors.has(written) || (e.kind === SyntaxKind.PropertyAccessExpression && /^(Pool|Client)$/.test((e as unknown as { name: { text: string } }).name.text));
      for (const nw of p.newsOf(sf, ctor)) {
        const e = nw.getExpression();
        const via = b.wrappers.get(e.getText());
        if (via?.startsWith('kysely')) wrapper(nw, via, nw.getArguments()[0]);
        const isPg = (Node.isIdentifier(e) && b.pgCtors.has(e.getText())) || (Node.isPropertyAccessExpression(e) && b.pgNs.has(e.getExpression().getText()) && /^(Pool|Client)$/.test(e.getName()));
        if (isPg) {
          const s = site(nw, 'pg', [`new ${e.getText()}()`], PG_POLICY, '');
          // node-postgres sends `options` (libpq's -c settings) as a start-up parameter.
          const cfg = nw.getArguments()[0] ? p.resolve(nw.getArguments()[0]!) : null;
          const opt = cfg?.kind === 'object' ? cfg.props.get('options') : undefined;
          if (opt) s.startupParams = { options: literalText(valueOf(opt)) };
          sites.push(s);
        }
      }
    }
  }, batchSize);

  const drizzlePg = modules.has('drizzle-orm/node-postgres');
  const findings: JsFindings = { sites: [...adapterSites, ...sites.filter((x) => drizzlePg || !drizzleSites.has(x))], prismaAdapter: prismaUsesAdapter(clients, modules), prismaCodeUrls: codeUrls };
  const add = (at: { path: string; line: number; column: number }, driver: string, settings: string[], policy: PreparePolicy, fix: string) => findings.sites.push({ ...at, driver, settings, policy, fix: policy.kind === 'never' ? '' : fix });

  // A pool is only as safe as the queries its clients run: named ones anywhere make it unsafe.
  const named = findings.sites.filter((x) => x.driver === 'pg' && x.policy.kind !== 'never' && x.settings[0]?.startsWith('name:'));
  if (named.length) {
    for (const x of findings.sites) {
      if (x.driver === 'pg' && x.settings[0]?.startsWith('new ')) {
        x.policy = { kind: named.some((n) => n.policy.kind === 'named-immediately') ? 'named-immediately' : 'unknown', why: `clients of this pool run named query configs (${named.slice(0, 3).map((n) => `${n.path}:${n.line}`).join(', ')}${named.length > 3 ? ', ...' : ''}): each becomes a named statement kept per server connection` };
        x.fix = 'remove `name` from those query configs (or make them conditional and off behind a transaction pooler)';
      }
    }
  }

  // ORM constructors take the policy of the client they wrap (known once every client site is).
  const wrapped = new Set<Site>();
  for (const w of wrappers) {
    let policy: PreparePolicy;
    let settings: string[] = [];
    let inner: Site | undefined;
    const at = w.inner;
    if (/\((node-postgres|pg)\)$/.test(w.via)) {
      // One client, one site: the wrapper speaks for the pool it wraps, named queries included.
      const site = at ? findings.sites.find((x) => x.path === at.path && x.line === at.line && x.driver === 'pg') : undefined;
      if (site) wrapped.add(site);
      inner = site;
      policy = site && site.policy.kind !== 'never' ? { ...site.policy, why: `${w.via} over the pool at ${site.path}:${site.line}: ${site.policy.why}` } : { kind: 'never', why: `${w.via}: node-postgres runs unnamed statements (Drizzle's .prepare(name) is reported on its own)` };
      settings = site ? [...site.settings, `client: pool at ${site.path}:${site.line}`] : [];
    } else {
      let site = at ? findings.sites.find((x) => x.path === at.path && x.line === at.line && x.driver === 'postgres.js') : undefined;
      if (w.innerSite && !site) {
        // The client is made in a module the audit did not list (reached through an import).
        site = { ...w.innerSite };
        findings.sites.push(site);
      }
      policy = site ? { ...site.policy, why: `${w.via} over the client at ${site.path}:${site.line}: ${site.policy.why}` } : { kind: 'unknown', why: `${w.via}: the postgres.js client ${w.argText} cannot be followed to its postgres() call` };
      settings = site ? [...site.settings, `client: postgres() at ${site.path}:${site.line}`] : [];
      // One client, one site: the wrapper speaks for the postgres() call it wraps.
      if (site) wrapped.add(site);
      inner = site;
    }
    add(w.at, w.via, settings, policy, 'pass { prepare: false } to the postgres() client it wraps');
    if (inner?.startupParams) findings.sites[findings.sites.length - 1]!.startupParams = inner.startupParams;
  }
  findings.sites = findings.sites.filter((x) => !wrapped.has(x));
  return findings;
}

const literalText = (v: OptionValue | undefined): string => (v?.type === 'str' ? v.s : v?.type === 'int' || v?.type === 'float' ? String(v.n) : v?.type === 'bool' ? String(v.b) : '');

/** A named query config, or a switch that decides whether the config has a name. */
function namedQueryPolicy(q: NamedQuery): PreparePolicy {
  const d = q.decidedBy;
  if (!d) return PG_NAMED_POLICY;
  const where = d.defaults.length ? ` (decided at ${placesOf(d.defaults)})` : '';
  if (d.named === true) return { kind: 'named-immediately', why: `the name is on by default: ${d.condition}${where} gives the query config a name, a named statement` };
  if (d.named === false) return { kind: 'never', why: `the name is off by default: ${d.condition}${where} leaves the query config unnamed` };
  return { kind: 'unknown', why: `the query config's name depends on ${d.condition}, which cannot be read statically${where}` };
}
