import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';

export const sql = postgres(process.env.DATABASE_URL!);
export const db = drizzle(postgres(process.env.DATABASE_URL!, { max: 1 }));
export const local = postgres('postgres://app@localhost:5432/app?prepare=true');
export const bare = postgres();
