import postgres from 'postgres';

// A client built and used in one expression: the options belong to postgres(), not to begin().
export const created = postgres(process.env.DATABASE_URL!).begin(async (sql) => sql`select 1`);

// A parenthesized URL: the options go after its parentheses, not inside them as a comma expression.
export const wrapped = postgres((process.env.DATABASE_URL as string));

// No argument at all.
export const bare = postgres();
