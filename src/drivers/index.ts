export * from './policy.js';
export * from './libpq.js';
export * from './psycopg.js';
export * from './sqlalchemy.js';
export * from './asyncpg.js';
export * from './asyncpg-errors.js';
export * from './policies.js';
export * from './versions.js';
