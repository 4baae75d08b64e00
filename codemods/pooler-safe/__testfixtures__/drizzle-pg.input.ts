import { Pool } from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { users } from './schema';

export const db = drizzle(new Pool());
export const allUsers = db.select().from(users).prepare('all_users');
