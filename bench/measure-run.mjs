// One measured dry run in this process: wall time and peak RSS, printed as JSON on stderr.
import { paceHeap } from '../dist/src/cli/heap-pacing.js';
import { main } from '../dist/src/cli/main.js';

// As the bin does: the same heap growth as a real run.
paceHeap();

const t0 = performance.now();
const out = process.stdout.write.bind(process.stdout);
let text = '';
process.stdout.write = (chunk) => {
  text += chunk; // the result is measured, not printed
  return true;
};
const code = await main(process.argv.slice(2));
const wallMs = performance.now() - t0;
process.stdout.write = out;
const { summary } = JSON.parse(text);
process.stderr.write(`${JSON.stringify({ code, wallMs, maxRssMb: process.resourceUsage().maxRSS / 1024, ...summary })}\n`);
