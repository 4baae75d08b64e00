import type { Collection, JSCodeshift } from 'jscodeshift';

export const JS_FILE = /\.(js|mjs|cjs|jsx|ts|tsx|mts|cts)$/;

/** jscodeshift's parser for a file: tsx for .tsx, ts for TypeScript, babel (JSX included) for JavaScript. */
export function parserFor(rel: string): 'tsx' | 'ts' | 'babel' {
  if (rel.endsWith('.tsx')) return 'tsx';
  return /\.(ts|mts|cts)$/.test(rel) ? 'ts' : 'babel';
}

let loaded: JSCodeshift | null = null;

/** Parses with jscodeshift (loaded on first use; it is heavy). Throws on a syntax error. */
export async function parseJs(rel: string, text: string): Promise<{ j: JSCodeshift; root: Collection }> {
  loaded ??= (await import('jscodeshift')).default as unknown as JSCodeshift;
  const j = loaded.withParser(parserFor(rel));
  return { j, root: j(text) };
}
