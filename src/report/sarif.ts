import { isPoolerSafe, policyLabel } from '../drivers/policy.js';
import type { Site } from '../verify/static/site.js';
import { toMaskedJson } from './json.js';

const RULE_ID = 'named-prepared-statements';

/** SARIF 2.1.0 for GitHub code scanning: one result per site that prepares named statements or is unknown; every string masked. */
export function printSarif(sites: readonly Site[], version: string, mask: (s: string) => string): string {
  const results = sites
    .filter((s) => !isPoolerSafe(s.policy))
    .map((s) => ({
      ruleId: RULE_ID,
      level: s.policy.kind === 'unknown' ? 'warning' : 'error',
      message: { text: `${s.driver}: ${policyLabel(s.policy)}. ${s.policy.why}.${s.fix ? ` Fix: ${s.fix}.` : ''}` },
      locations: [{ physicalLocation: { artifactLocation: { uri: s.path }, region: { startLine: s.line, startColumn: s.column } } }],
      properties: { driver: s.driver, policy: s.policy.kind, settings: s.settings },
    }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'migrate-driver',
            version,
            informationUri: 'https://www.npmjs.com/package/migrate-driver',
            rules: [
              {
                id: RULE_ID,
                name: 'NamedPreparedStatementsBehindPooler',
                shortDescription: { text: 'Driver configuration uses named prepared statements' },
                fullDescription: { text: 'Behind a transaction-mode pooler without prepared-statement support (PgBouncer < 1.21 or max_prepared_statements=0, Supavisor), named prepared statements fail with 26000/42P05 or return wrong results.' },
                defaultConfiguration: { level: 'error' },
                help: { text: 'Apply the fix given in the result message (for example psycopg prepare_threshold=None, asyncpg statement_cache_size=0, postgres.js prepare: false, Prisma pgbouncer=true).' },
              },
            ],
          },
        },
        results,
      },
    ],
  };
  return toMaskedJson(sarif, mask); // every string masked, paths and messages included
}
