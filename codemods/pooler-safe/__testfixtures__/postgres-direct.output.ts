import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';

export const sql = postgres(process.env.DATABASE_URL!, { prepare: false });
export const db = drizzle(postgres(process.env.DATABASE_URL!, { max: 1, prepare: false }));
export const local = postgres('postgres://app@localhost:5432/app?prepare=false', { prepare: false });
export const bare = postgres({ prepare: false });
