// Summarises a V8 .cpuprofile (node --cpu-prof): self time by function and by package, top N.
//   node bench/profile-top.mjs FILE.cpuprofile [N]
import * as fs from 'node:fs';

const [file, n = '25'] = process.argv.slice(2);
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((x) => [x.id, x]));
const self = new Map();
const dt = prof.timeDeltas;
for (let k = 0; k < prof.samples.length; k++) self.set(prof.samples[k], (self.get(prof.samples[k]) ?? 0) + (dt[k] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fn = new Map();
const pkg = new Map();
for (const [id, us] of self) {
  const { callFrame: c } = byId.get(id);
  const where = c.url.replace(/^file:\/\//, '');
  const key = `${c.functionName || '(anonymous)'} ${where.split('/').slice(-2).join('/')}:${c.lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + us);
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where);
  const group = m ? m[1] : where.includes('/dist/') ? 'migrate-driver' : where.startsWith('node:') ? 'node internals' : c.functionName.startsWith('(') ? c.functionName : where ? 'other' : 'native/V8';
  pkg.set(group, (pkg.get(group) ?? 0) + us);
}
const show = (m) => [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(n)).map(([k, us]) => `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`).join('\n');
console.log(`total sampled: ${(total / 1000).toFixed(0)} ms\n\nby package:\n${show(pkg)}\n\nby function (self):\n${show(fn)}`);

// Inclusive time of this project's own functions (dist/), which shows the phases.
const parent = new Map();
for (const x of prof.nodes) for (const c of x.children ?? []) parent.set(c, x.id);
const incl = new Map();
for (const [id, us] of self) {
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const { callFrame: c } = byId.get(cur);
    if (!c.url.includes('/dist/')) continue;
    const key = `${c.functionName || '(anonymous)'} ${c.url.split('/dist/')[1]}:${c.lineNumber + 1}`;
    if (seen.has(key)) continue;
    seen.add(key);
    incl.set(key, (incl.get(key) ?? 0) + us);
  }
}
console.log(`\nby function of this project (inclusive):\n${show(incl)}`);
