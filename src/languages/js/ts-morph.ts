import { createRequire } from 'node:module';
import type * as TsMorph from 'ts-morph';
import { preloadCommonJs } from '../../runtime/code-cache.js';

let loaded: typeof TsMorph | undefined;

/**
 * ts-morph, with its TypeScript compiled from a code cache (runtime/code-cache.ts). Loaded with
 * require, not import(): from ESM, Node would first scan ts-morph's CommonJS source for its export
 * names (about 200 ms).
 */
export function tsMorph(): typeof TsMorph {
  if (loaded) return loaded;
  const require = createRequire(import.meta.url);
  const main = require.resolve('ts-morph');
  try {
    // The chain ts-morph requires, resolved as it resolves them: TypeScript's bundle is most of the cost.
    const common = createRequire(main).resolve('@ts-morph/common');
    preloadCommonJs([createRequire(common).resolve('./typescript'), common, main]);
  } catch {
    // An unexpected layout, or a file that failed to load: require below loads (or fails) as usual.
  }
  return (loaded = require('ts-morph') as typeof TsMorph);
}
