import type { Codemod } from './types.js';

/** Every codemod by name, loaded only when it runs (keeps `--help` fast). */
export const CODEMODS: Record<string, { summary: string; load: () => Promise<Codemod<any>> }> = {
  'asyncpg-to-psycopg': {
    summary: 'SQLAlchemy app: asyncpg -> psycopg 3 (deps, URLs, engine options, exceptions), prepared statements off',
    load: async () => (await import('../../codemods/asyncpg-to-psycopg/index.js')).asyncpgToPsycopg,
  },
  'pooler-safe': {
    summary: 'Keep the driver, make every client pooler-safe: asyncpg, psycopg, SQLAlchemy, postgres.js, node-postgres, Prisma',
    load: async () => (await import('../../codemods/pooler-safe/index.js')).poolerSafe,
  },
};
