import { forEachJsBatch } from '../../src/languages/js/batches.js';
import type { TsNode } from '../../src/languages/js/project.js';
import { namedQueryOf, placesOf } from '../../src/languages/js/named-queries.js';
import { prismaClientAdapters, prismaCodeUrls, prismaNamedAdapters, prismaUsesAdapter } from '../../src/languages/js/prisma-client.js';
import type { Facts } from './facts.js';

/** What the JS/TS transform must do in one file; offsets are into that file's text. */
export type JsPlanItem =
  /** `objStart`..`objEnd`: the object literal, as TypeScript's parser spans it. */
  | { kind: 'prepare-false'; objStart: number; objEnd: number; what: string }
  /** `callEnd` tells the call from a chained one that starts at the same offset (`postgres(url).begin(...)`); `insertAt` is after the last argument's closing parentheses, or inside the empty call's. */
  | { kind: 'add-options'; callStart: number; callEnd: number; insertAt: number; hasArgs: boolean; what: string }
  | { kind: 'drop-name'; objStart: number; objEnd: number; what: string }
  | { kind: 'flag'; offset: number; message: string };

const PREPARE_REASON = 'postgres.js prepares every tagged-template query as a named statement by default; prepare: false sends unnamed ones (postgres.js README, "Prepared statements"; it also covers the connect-time type query)';
const NAME_REASON = 'a node-postgres query with `name` becomes a named statement kept per connection; without it pg sends an unnamed one (node-postgres docs, "Prepared statements")';

/**
 * Project-wide analysis (ts-morph): which object literal receives `prepare: false` for each
 * postgres() client, wherever that literal lives (another module, behind a variable or a factory),
 * and which query configs lose their `name`. The per-file transform then edits by offset.
 * Files are read in batches (forEachJsBatch); what the batches find is kept as plain data, in the
 * order a single pass over all files would have found it.
 */
export async function planJs(files: readonly string[], root: string, batchSize?: number): Promise<{ plan: Map<string, JsPlanItem[]>; clean: Set<string>; prismaAdapter: boolean; prismaCodeUrls: Facts['prisma']['codeUrls'] }> {
  // Items in the order they are found; Drizzle's .prepare() counts only once every file is known to import drizzle-orm/node-postgres.
  const found: { rel: string; item: JsPlanItem; drizzlePg?: true }[] = [];
  const modules = new Set<string>();
  const clients: boolean[] = [];
  const prismaUrls: Facts['prisma']['codeUrls'] = [];
  const adapters: { rel: string; offset: number; certain: boolean }[] = [];
  const clean = new Set<string>();

  await forEachJsBatch(files, root, (p) => {
    const { Node } = p;
    const put = (rel: string, item: JsPlanItem) => found.push({ rel, item });
    for (const sf of p.sources) for (const m of p.bindingsOf(sf).modules) modules.add(m);
    for (const sf of p.sources) if (p.parsesCleanly(sf)) clean.add(p.rel(sf));
    // An edit may land in a module the batch only imported (an options literal): its parse counts too.
    const home = (n: TsNode) => {
      const sf = n.getSourceFile();
      if (p.parsesCleanly(sf)) clean.add(p.rel(sf));
      return p.rel(sf);
    };
    for (const sf of p.sources) {
      const rel = p.rel(sf);
      for (const call of p.callsOf(sf)) {
        const callee = call.getExpression();
        const args = call.getArguments();
        if (p.isPostgresCall(call)) {
          const first = args[0] ? p.unwrap(args[0]) : undefined;
          const firstIsOptions = !!first && p.resolve(first).kind === 'object';
          const optsArg = firstIsOptions ? first : args[1];
          const where = `postgres() at ${rel}:${p.where(call).line}`;
          if (!optsArg) {
            const last = args[args.length - 1];
            put(rel, { kind: 'add-options', callStart: call.getStart(), callEnd: call.getEnd(), insertAt: last ? last.getEnd() : call.getEnd() - 1, hasArgs: !!last, what: `${where}: add { prepare: false } (${PREPARE_REASON})` });
            continue;
          }
          const merged = p.resolve(optsArg);
          const prep = merged.kind === 'object' ? merged.props.get('prepare') : undefined;
          if (prep && prep.getKind() === p.SyntaxKind.FalseKeyword) continue;
          const lit = p.literalOf(optsArg);
          if (typeof lit === 'string') put(rel, { kind: 'flag', offset: call.getStart(), message: `postgres(): the options (${lit}) cannot be edited here; set prepare: false where they are built` });
          else put(home(lit), { kind: 'prepare-false', objStart: lit.getStart(), objEnd: lit.getEnd(), what: `${where}: prepare: false (${PREPARE_REASON})` });
        } else if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'query' && args[0]) {
          const q = namedQueryOf(p, call);
          if (!q) continue;
          if (q.decidedBy) {
            // A conditional or computed name is the code's own switch for poolers: never stripped.
            // The switch's default is where the change belongs.
            const d = q.decidedBy;
            const where = d.defaults.length ? ` (decided in ${placesOf(d.defaults, false)})` : '';
            const change = d.off === null ? `make ${d.condition} leave the name undefined by default` : `set ${d.flag} to ${d.off} by default`;
            if (d.named !== false) put(rel, { kind: 'flag', offset: q.name.getStart(), message: `named query: its name is a switch (${d.condition})${where}; it was left as is. Behind a transaction pooler without prepared-statement support, ${change} where it is decided; ${NAME_REASON}` });
            for (const at of d.named !== false ? d.defaults : []) put(at.path, { kind: 'flag', offset: at.start, message: `this default decides whether node-postgres query configs get a name (${d.condition}): behind a transaction pooler without prepared-statement support, ${change}` });
            continue;
          }
          const merged = p.resolve(args[0]);
          if (merged.kind !== 'object') continue;
          const lit = p.literalOf(args[0]);
          const arg = p.unwrap(args[0]);
          if (typeof lit === 'string' || !lit.getProperty('name')) {
            // The name arrives through a spread or a value that cannot be edited here.
            put(rel, { kind: 'flag', offset: call.getStart(), message: `named query ${arg.getText().slice(0, 40)}: its name comes from elsewhere (${merged.props.get('name')!.getText()}), so it is not removed automatically; ${NAME_REASON}` });
            continue;
          }
          const name = Node.isIdentifier(arg) ? arg.getText() : null;
          // A config held in a variable whose name is read elsewhere: removing it could break that code.
          const usedElsewhere = name !== null && new RegExp(`\\b${name}\\s*(\\.\\s*name\\b|\\[\\s*['"]name['"]\\s*\\])`).test(lit.getSourceFile().getFullText());
          if (usedElsewhere) put(rel, { kind: 'flag', offset: call.getStart(), message: `named query ${name}: its name is also read elsewhere, so it is not removed automatically; ${NAME_REASON}` });
          else put(home(lit), { kind: 'drop-name', objStart: lit.getStart(), objEnd: lit.getEnd(), what: `query at ${rel}:${p.where(call).line}: drop name (${NAME_REASON})` });
        } else if (Node.isPropertyAccessExpression(callee) && callee.getName() === 'prepare' && args[0] && Node.isStringLiteral(p.unwrap(args[0]))) {
          found.push({ rel, drizzlePg: true, item: { kind: 'flag', offset: call.getStart(), message: `Drizzle .prepare(${args[0].getText()}) on node-postgres passes the name to pg: a named statement. Behind a transaction pooler without prepared-statement support, run the query without .prepare()` } });
        }
      }
    }
    clients.push(...prismaClientAdapters(p));
    for (const { at, ...u } of prismaCodeUrls(p)) prismaUrls.push({ ...u, rel: p.rel(at.getSourceFile()), offset: at.getStart() });
    for (const a of prismaNamedAdapters(p)) adapters.push({ rel: p.rel(a.at.getSourceFile()), offset: a.at.getStart(), certain: a.certain });
  });

  const plan = new Map<string, JsPlanItem[]>();
  const put = (rel: string, item: JsPlanItem) => plan.set(rel, [...(plan.get(rel) ?? []), item]);
  const drizzlePg = modules.has('drizzle-orm/node-postgres');
  for (const f of found) if (!f.drizzlePg || drizzlePg) put(f.rel, f.item);
  // One literal shared by several clients is edited once; one switch default is flagged once.
  for (const [rel, items] of plan) {
    const seen = new Set<string>();
    plan.set(rel, items.filter((it) => {
      const k = 'objStart' in it ? `${it.kind}@${it.objStart}` : it.kind === 'flag' ? `flag@${it.offset}@${it.message}` : null;
      if (k === null) return true;
      return !seen.has(k) && !!seen.add(k);
    }));
  }
  for (const u of prismaUrls.filter((x) => x.appendsQuery)) put(u.rel, { kind: 'flag', offset: u.offset, message: `this PrismaClient URL appends a query string (${u.text}): it breaks ("?a=1?pgbouncer=true") once the variable holds parameters of its own; put pgbouncer=true (and connection_limit) in the environment's URL instead` });
  for (const a of adapters) put(a.rel, { kind: 'flag', offset: a.offset, message: a.certain ? 'PrismaPg with statementNameGenerator names every statement: behind a transaction pooler without prepared-statement support, remove statementNameGenerator' : 'the PrismaPg options cannot be read: make sure they hold no statementNameGenerator, which names every statement' });
  return { plan, clean, prismaAdapter: prismaUsesAdapter(clients, modules), prismaCodeUrls: prismaUrls };
}
