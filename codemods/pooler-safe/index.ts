import type { Codemod } from '../../src/codemod/types.js';
import { scanFacts, type Facts } from './facts.js';
import { pythonDrivers } from './rules/python.js';

/** Keep the driver; write, per driver and version, the setting that really disables named prepared statements. */
export const poolerSafe: Codemod<Facts> = {
  name: 'pooler-safe',
  summary: 'Keep the driver, make every client pooler-safe: asyncpg, psycopg, SQLAlchemy engines (Python)',
  triggers: ['asyncpg', 'psycopg', 'create_engine', 'create_async_engine', 'engine_from_config', 'sqlalchemy', 'SQLAlchemy'],
  scan: scanFacts,
  async transform(ctx) {
    if (ctx.kind === 'python') await pythonDrivers(ctx);
  },
};

export default poolerSafe;
