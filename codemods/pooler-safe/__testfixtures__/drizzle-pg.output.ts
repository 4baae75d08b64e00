import { Pool } from 'pg';
import { drizzle } from 'drizzle-orm/node-postgres';
import { users } from './schema';

export const db = drizzle(new Pool());
// migrate-driver: TODO Drizzle .prepare('all_users') on node-postgres passes the name to pg: a named statement. Behind a transaction pooler without prepared-statement support, run the query without .prepare()
export const allUsers = db.select().from(users).prepare('all_users');
