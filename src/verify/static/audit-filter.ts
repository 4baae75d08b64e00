import { anyOf } from '../../workspace/any-of.js';
import { mayHoldNamedQuery } from '../../languages/js/named-queries.js';
import type { FileFilter } from '../../workspace/read-files.js';
import { MAX_FILE_BYTES } from '../../workspace/source-file.js';
import { sqlInCode } from './sql-in-code.js';
import { Versions } from './versions.js';

export const PY_TRIGGERS = ['asyncpg', 'psycopg', 'create_engine', 'create_async_engine', 'engine_from_config', 'DATABASES'];
export const JS_TRIGGERS = ['postgres', "'pg'", '"pg"', 'drizzle', 'kysely', '@prisma/adapter-pg', 'PrismaClient'];
const PY_TRIGGER = anyOf(PY_TRIGGERS);
const JS_TRIGGER = anyOf(JS_TRIGGERS);
export const JS_EXT = /\.(js|mjs|cjs|ts|tsx|mts|cts)$/;
export const DIALECT_URL = /\bpostgres(?:ql)?\+(\w+):\/\//g;
/** Manifests and lockfiles can be large, and only their versions are read. */
export const MANIFEST_MAX_BYTES = 64 * 1024 * 1024;

export const isPython = (rel: string) => rel.endsWith('.py');
export const isJs = (rel: string) => JS_EXT.test(rel) && !rel.endsWith('.d.ts');
export const isPrisma = (rel: string) => rel.endsWith('.prisma');

/**
 * The files the audit looks at again: manifests, files with a SQLAlchemy URL, Python and JS/TS
 * with a driver's name (or a named query's shape) or SQL that matters behind a pooler, Prisma
 * schemas. Every other file contributes nothing, so its text is dropped once read.
 */
export function auditFilter(): FileFilter {
  return {
    maxBytes: (rel) => (Versions.isManifest(rel) ? MANIFEST_MAX_BYTES : MAX_FILE_BYTES),
    keep: (rel, text) => {
      if (Versions.isManifest(rel) || isPrisma(rel)) return true;
      DIALECT_URL.lastIndex = 0;
      if (DIALECT_URL.test(text)) return true;
      const py = isPython(rel);
      const js = isJs(rel);
      if (!py && !js) return false;
      if (py ? PY_TRIGGER.test(text) : JS_TRIGGER.test(text) || mayHoldNamedQuery(text)) return true;
      const sql = sqlInCode(rel, text);
      return sql.sites.length > 0 || sql.warnings.length > 0;
    },
    mentions: () => false,
  };
}
