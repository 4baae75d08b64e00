import { ASYNCPG_QUERY_METHODS } from '../../../src/drivers/asyncpg-api.js';
import { ASYNCPG_COMPAT_MODULE } from '../../../src/drivers/data/asyncpg-compat-module.js';
import type { FileContext } from '../../../src/codemod/types.js';
import { compatPlace } from '../compat-place.js';
import type { Facts } from '../facts.js';
import { planRawPort, type RawPortResult } from './raw-port/index.js';

const RULE = 'asyncpg-api';

export interface RawApiOutcome {
  /** What the port did in this file, for the symbols rule; undefined when nothing was ported. */
  done?: RawPortResult;
  /** The file runs raw asyncpg calls (ported, flagged or untraced). */
  rawHere: boolean;
  /** Held back: asyncpg.connect/create_pool nodes already flagged here with their port (no second marker). */
  flagged?: ReadonlySet<number>;
}

/**
 * Raw asyncpg code -> psycopg 3 (see raw-port/). The compat module is added once per package,
 * only where ported code uses it.
 */
export async function rawApi(ctx: FileContext<Facts>): Promise<RawApiOutcome> {
  const root = (await ctx.python()).rootNode;
  if (!ctx.facts.model.imports.has(ctx.file.rel)) return { rawHere: false };
  const place = compatPlace(ctx.facts.root, ctx.file.rel);
  // The scan planned every file already (same text, same model): planning is the port's main cost.
  const plan = ctx.facts.rawPlans.get(ctx.file.rel) ?? planRawPort({ root, text: ctx.file.text, eol: ctx.file.eol, rel: ctx.file.rel, model: ctx.facts.model, placeholders: ctx.facts.placeholders, preparedTextRead: ctx.facts.preparedTextRead }, place);
  const rawHere = plan.counts.ported + plan.counts.flagged + plan.unresolved.length > 0;
  const held = ctx.facts.rawHeldBack;
  if (held) {
    // Only what blocks the port is reported (with its markers); nothing is ported, so the app keeps running on
    // asyncpg, and notes on how ported calls differ ("command_timeout was dropped") would not be true.
    // A flag without a marker (a library told "asyncpg" by name) is reported too: it may be the only reason.
    for (const f of plan.followUps) if (!f.aboutPort) ctx.followUp(f.offset, RULE, f.message, { anchor: f.anchor, marker: f.marker });
    reportUnresolved(ctx, plan);
    reportWaiting(ctx, plan);
    if (ctx.file.rel === held.where) ctx.followUp(0, RULE, `raw asyncpg code was not ported: ${held.count} asyncpg call${held.count === 1 ? '' : 's'} in the project cannot be ported automatically (see the follow-ups), and porting the rest would make those fail at runtime; port or annotate them, then run again`, { marker: false });
    return { rawHere, flagged: plan.kept };
  }
  for (const e of plan.edits) ctx.edit(e.start, e.end, e.text, e.kind, e.description);
  for (const f of plan.followUps) ctx.followUp(f.offset, RULE, f.message, { anchor: f.anchor, marker: f.marker });
  if (plan.needs.compat && plan.edits.length) ctx.addFile(place.rel, ASYNCPG_COMPAT_MODULE);
  reportUnresolved(ctx, plan);
  return { done: plan, rawHere };
}

/** Held back: the calls of this file that are ready to port, in one report line at the first (no marker in the code). */
function reportWaiting(ctx: FileContext<Facts>, plan: RawPortResult): void {
  const calls = plan.portedCalls;
  if (!calls.length) return;
  const names = [...new Set(calls.map((c) => c.what))].slice(0, 4).join(', ');
  // At the first query when there is one: the line a reader looks for.
  const queries = calls.filter((c) => ASYNCPG_QUERY_METHODS.has(c.what.slice(c.what.lastIndexOf('.') + 1)));
  ctx.followUp((queries.length ? queries : calls).reduce((a, c) => Math.min(a, c.offset), Infinity), RULE, `${calls.length} raw asyncpg call${calls.length === 1 ? '' : 's'} here (${names}) can be ported; ${calls.length === 1 ? 'it waits' : 'they wait'} for the calls that hold the port back`, { marker: false });
}

/** asyncpg-style calls on receivers the model could not resolve: one marker per file, at the first. */
function reportUnresolved(ctx: FileContext<Facts>, plan: RawPortResult): void {
  if (ctx.facts.usesAsyncpg && plan.unresolved.length) {
    const first = plan.unresolved[0]!;
    const names = [...new Set(plan.unresolved.map((c) => c.callee))].slice(0, 4).join(', ');
    ctx.followUp(first.start, RULE, `${plan.unresolved.length} asyncpg-style call${plan.unresolved.length === 1 ? '' : 's'} (${names}) on a receiver that could not be traced to asyncpg.connect/create_pool: left as is; if it is an asyncpg connection, annotate it (conn: asyncpg.Connection) and run again, or port by hand: (await conn.execute(query, params)).fetchall() / .fetchone() / .statusmessage`, { anchor: first.anchor });
  }
}
