import { indentOf, lineStart } from '../../../../src/codemod/layout.js';
import type { AsyncpgModel } from '../../../../src/languages/python/asyncpg-model/project.js';
import { FileScopes, type AsyncpgKind } from '../../../../src/languages/python/asyncpg-model/scope.js';
import type { Node } from '../../../../src/languages/python/parser.js';
import { descendants, enclosingStatement } from '../../../../src/languages/python/syntax.js';

export interface RawEdit {
  start: number;
  end: number;
  text: string;
  kind: string;
  description: string;
}

/** What the raw port of one file does, computed without side effects (the scan counts what remains). */
export interface RawPlan {
  edits: RawEdit[];
  /** `aboutPort`: a note on how a ported call differs, only true once the port is applied. */
  followUps: { offset: number; anchor: number; message: string; marker: boolean; aboutPort?: true }[];
  /** Start offsets of asyncpg attribute nodes (`asyncpg.connect`, `asyncpg.Pool`) this plan rewrote. */
  handled: Set<number>;
  /** Start offsets of asyncpg attribute nodes this plan flagged and left: the asyncpg import stays. */
  kept: Set<number>;
  /** The port adds (or the file has) `import psycopg`: the symbols rule must not add a second. */
  psycopgImported: boolean;
  /** asyncpg calls left as they are: while any remain, asyncpg stays a dependency. */
  remaining: { offset: number; what: string }[];
  needs: { psycopg: boolean; pool: boolean; rows: Set<string>; compat: boolean; asyncio?: boolean };
  /** Calls found on asyncpg receivers, for the report: ported or flagged. */
  counts: { ported: number; flagged: number };
  /** Where the ported calls are and what they call, for the report when the port is held back. */
  portedCalls: { offset: number; what: string }[];
}

/** Where the compat module sits for this file, and how this file imports it. */
export interface CompatPlace {
  /** The module file, relative to the run's root. */
  rel: string;
  /** What this file writes after `from`: `.asyncpg_compat` inside a package, `asyncpg_compat` beside a script. */
  module: string;
  /** `from . import asyncpg_compat` or `import asyncpg_compat`. */
  importLine: string;
}

export interface PlanInput {
  root: Node;
  text: string;
  eol: string;
  rel: string;
  model: AsyncpgModel;
  /** How ported SQL is written: `$n` on raw cursors (default) or psycopg's `%s` (sql-args.ts). */
  placeholders?: Placeholders;
  /** Some module calls get_query() on a prepared statement: its text must stay asyncpg's. */
  preparedTextRead?: boolean;
}

export const PLACEHOLDER_STYLES = ['raw', 'percent'] as const;
export type Placeholders = (typeof PLACEHOLDER_STYLES)[number];

/** Shared by the port's parts: the file, its scopes and the plan being built. */
export class PortContext {
  readonly plan: RawPlan = { edits: [], followUps: [], handled: new Set(), kept: new Set(), psycopgImported: false, remaining: [], needs: { psycopg: false, pool: false, rows: new Set(), compat: false }, counts: { ported: 0, flagged: 0 }, portedCalls: [] };
  readonly scopes: FileScopes;
  /** Calls already decided (ported or flagged), so a second pass does not touch them. */
  readonly done = new Set<number>();

  constructor(readonly input: PlanInput) {
    this.scopes = new FileScopes(input.root, input.model.imports.get(input.rel)!, input.model, input.rel);
  }

  get text(): string {
    return this.input.text;
  }

  edit(node: { startIndex: number; endIndex: number }, text: string, description: string, kind = 'asyncpg-api'): void {
    this.plan.edits.push({ start: node.startIndex, end: node.endIndex, text, kind, description });
  }

  /** A replacement of an original range (splices.ts). */
  splice(s: { start: number; end: number; text: string }, description: string): void {
    this.plan.edits.push({ ...s, kind: 'asyncpg-api', description });
  }

  insert(at: number, text: string, description: string): void {
    this.plan.edits.push({ start: at, end: at, text, kind: 'asyncpg-api', description });
  }

  ported(call: Node): void {
    this.done.add(call.id);
    this.plan.counts.ported++;
    this.plan.portedCalls.push({ offset: call.startIndex, what: call.childForFieldName('function')?.text ?? '' });
  }

  /** A call left as asyncpg code, with the exact psycopg code to write in the marker. */
  flag(node: Node, message: string, what: string, marker = true): void {
    this.done.add(node.id);
    this.plan.counts.flagged++;
    this.plan.followUps.push({ offset: node.startIndex, anchor: enclosingStatement(node).startIndex, message, marker });
    this.plan.remaining.push({ offset: node.startIndex, what });
  }

  /** A report line without a marker, for something changed whose behaviour differs a little. */
  note(node: Node, message: string): void {
    this.plan.followUps.push({ offset: node.startIndex, anchor: enclosingStatement(node).startIndex, message, marker: true, aboutPort: true });
  }

  compat(name: string): string {
    this.plan.needs.compat = true;
    return `asyncpg_compat.${name}`;
  }

  kindOf(n: Node | null): AsyncpgKind | null {
    return this.scopes.kindOf(n);
  }

  indentOf(node: Node): string {
    return indentOf(this.text, lineStart(this.text, node.startIndex));
  }

  /** One more level than `indent`, in the file's own style. */
  deeper(indent: string): string {
    return indent + (indent.includes('\t') || /^\t/m.test(this.text) ? '\t' : '    ');
  }

  /** A name no identifier of the enclosing function uses yet. */
  freshName(near: Node, base: string): string {
    let scope: Node = near;
    while (scope.parent && scope.type !== 'function_definition') scope = scope.parent;
    const used = new Set([...descendants(scope, 'identifier')].map((i) => i.text));
    if (!used.has(base)) return base;
    for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
  }
}

export function callParts(call: Node): { recv: Node | null; method: string | null; positional: Node[]; keywords: Map<string, Node>; opaque: boolean } {
  const fn = call.childForFieldName('function');
  const args = call.childForFieldName('arguments');
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  let opaque = args?.type !== 'argument_list';
  for (const a of args?.namedChildren ?? []) {
    if (!a || a.type === 'comment') continue;
    if (a.type === 'keyword_argument') keywords.set(a.childForFieldName('name')!.text, a.childForFieldName('value')!);
    else if (a.type === 'dictionary_splat') opaque = true;
    else positional.push(a);
  }
  return {
    recv: fn?.type === 'attribute' ? fn.childForFieldName('object') : null,
    method: fn?.type === 'attribute' ? fn.childForFieldName('attribute')!.text : fn?.type === 'identifier' ? fn.text : null,
    positional,
    keywords,
    opaque,
  };
}

/** The `await` directly around a call, or null (a coroutine passed on, gathered, or stored). */
export function awaitOf(call: Node): Node | null {
  return call.parent?.type === 'await' ? call.parent : null;
}

/** The values `name = value` gives a name in `scope` (nested scopes included): SQL or a dict kept in a variable. */
export function assignedValues(scope: Node, name: string): Node[] {
  return [...descendants(scope, 'assignment')].filter((a) => a.childForFieldName('left')?.text === name).flatMap((a) => a.childForFieldName('right') ?? []);
}
