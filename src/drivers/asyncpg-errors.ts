import { ASYNCPG_ERRORS } from './data/asyncpg-errors.js';

/**
 * One public asyncpg exception class: the server errors (SQLSTATEs) it catches, itself and its
 * subclasses, and the psycopg.errors name(s) that catch exactly the same set. A list means no
 * single psycopg class does (asyncpg has class-level parents, psycopg mostly leaves): only a tuple
 * in an `except` or `isinstance` keeps the meaning. null: no twin (client-side errors), flagged.
 * The data is derived from the drivers themselves (scripts/gen-asyncpg-errors.py) and proven on a
 * real server (test/realdb/exception-sets.test.ts).
 */
export interface AsyncpgErrorEntry {
  sqlstates: string[];
  psycopg: string | string[] | null;
  why: string;
}

export const isAsyncpgErrorName = (name: string): boolean => Object.prototype.hasOwnProperty.call(ASYNCPG_ERRORS, name);

export const asyncpgError = (name: string): AsyncpgErrorEntry | null => (isAsyncpgErrorName(name) ? ASYNCPG_ERRORS[name]! : null);

/** The psycopg expression for a catch position (`except`, `isinstance`): a class or a tuple of classes. */
export function psycopgCatchExpression(entry: AsyncpgErrorEntry, prefix = 'psycopg.errors.'): string | null {
  if (entry.psycopg === null) return null;
  if (typeof entry.psycopg === 'string') return `${prefix}${entry.psycopg}`;
  return `(${entry.psycopg.map((n) => `${prefix}${n}`).join(', ')})`;
}

export { ASYNCPG_ERRORS };
