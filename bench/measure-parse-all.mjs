// Baseline: what a codemod without a prefilter does, i.e. read and parse every Python file.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parsePython } from '../dist/src/languages/python/parser.js';

const t0 = performance.now();
let n = 0;
const walk = async (d) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const p = path.join(d, e.name);
    if (e.isDirectory()) await walk(p);
    else if (e.name.endsWith('.py')) {
      (await parsePython(fs.readFileSync(p, 'utf8'))).delete();
      n++;
    }
  }
};
await walk(process.argv[2]);
process.stderr.write(`${JSON.stringify({ parsed: n, wallMs: performance.now() - t0, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
