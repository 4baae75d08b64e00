import { isPoolerSafe, policyLabel } from '../drivers/policy.js';
import type { Site } from '../verify/static/site.js';
import type { Style } from './human.js';

/** One block per site: location, driver and policy on the first line; settings, why and fix below. */
export function printSites(sites: readonly Site[], st: Style, mask: (s: string) => string): string {
  if (!sites.length) return '  no connection sites found\n';
  const out: string[] = [];
  for (const s of sites) {
    const safe = isPoolerSafe(s.policy);
    const label = policyLabel(s.policy);
    out.push(`  ${st.bold(`${s.path}:${s.line}:${s.column}`)}  ${s.driver}  ${safe ? st.green(label) : s.policy.kind === 'unknown' ? st.yellow(label) : st.red(label)}`);
    if (s.settings.length) out.push(`      settings: ${mask(s.settings.map(oneLine).join(', '))}`);
    if (s.startupParams) out.push(`      start-up parameters: ${Object.keys(s.startupParams).join(', ')} (a pooler refuses those it does not know)`);
    out.push(`      why: ${mask(s.policy.why.replace(/\s+/g, ' '))}`);
    if (s.fix) out.push(`      fix: ${s.fix}`);
    if (s.keepingPooler) out.push(`      on a pooler that keeps named statements: ${mask(s.keepingPooler)}`);
  }
  return `${out.join('\n')}\n`;
}

/** A source snippet (a multi-line template, say) on one line, cut where it gets long. */
const oneLine = (t: string) => {
  const flat = t.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
};

export function siteCounts(sites: readonly Site[]): string {
  const safe = sites.filter((s) => isPoolerSafe(s.policy)).length;
  const unknown = sites.filter((s) => s.policy.kind === 'unknown').length;
  return `${sites.length} connection site${sites.length === 1 ? '' : 's'}: ${safe} never reuse a named statement, ${sites.length - safe - unknown} prepare named statements, ${unknown} unknown`;
}
