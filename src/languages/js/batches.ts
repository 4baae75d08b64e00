import * as fs from 'node:fs';
import { JsProject } from './project.js';

/** Files per batch: one batch's trees (and what they import) are what a scan holds at once. */
export const BATCH_FILES = 100;

/**
 * A file without import or export (nor, in JavaScript, require or module.exports): TypeScript
 * binds its top-level names as globals, which any other file may use.
 */
export function isScript(file: string, text: string): boolean {
  if (/\b(import|export)\b/.test(text)) return false;
  return !(/\.(js|mjs|cjs|jsx)$/.test(file) && /\brequire\s*\(|\bmodule\.exports\b|\bexports\.[\w$]/.test(text));
}

/**
 * Runs `each` over the files in bounded batches, each a JsProject of its files, the modules they
 * import and the scan's script files (their globals), released before the next batch is read: the
 * memory a scan needs grows with a batch, not with the tree. Searches by name (JsProject.searchAll)
 * still cover every file. What `each` keeps must be plain data.
 */
export async function forEachJsBatch(files: readonly string[], root: string, each: (p: JsProject) => void, size = BATCH_FILES): Promise<void> {
  const scripts = files.filter((f) => {
    try {
      return isScript(f, fs.readFileSync(f, 'utf8'));
    } catch {
      return false;
    }
  });
  for (let i = 0; i < files.length; i += size) {
    const batch = files.slice(i, i + size);
    const inBatch = new Set(batch);
    each(await JsProject.load(batch, root, { context: scripts.filter((s) => !inBatch.has(s)), all: files }));
  }
}
