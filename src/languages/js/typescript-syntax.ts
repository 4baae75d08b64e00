import type * as TsMorph from 'ts-morph';
import { tsMorph } from './ts-morph.js';

/**
 * Whether TypeScript's parser recorded no syntax error in a parsed file. `parseDiagnostics` is the
 * compiler's own record of them (internal; absent, the answer is no, and callers fall back to
 * parsing again or refusing).
 */
export function parsedCleanly(sf: TsMorph.ts.SourceFile): boolean {
  const found = (sf as unknown as { parseDiagnostics?: readonly unknown[] }).parseDiagnostics;
  return Array.isArray(found) && found.length === 0;
}

/**
 * Whether TypeScript's parser reads a text without a syntax error, as the file `rel` (its extension
 * decides TS, TSX, JS or JSX). It reads some files jscodeshift's parser refuses, such as import
 * assertions. The TypeScript here is ts-morph's own copy, so a run that planned JS loads nothing more.
 */
export function typescriptParsesCleanly(rel: string, text: string): boolean {
  const { ts } = tsMorph();
  return parsedCleanly(ts.createSourceFile(rel, text, ts.ScriptTarget.Latest, false, scriptKind(ts, rel)));
}

function scriptKind(ts: typeof TsMorph.ts, rel: string): TsMorph.ts.ScriptKind {
  if (rel.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (/\.(ts|mts|cts)$/.test(rel)) return ts.ScriptKind.TS;
  return rel.endsWith('.jsx') ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
}
