import postgres from 'postgres';
import { options } from './options';

// The options literal lives in a module that jscodeshift's parser refuses (an import assertion)
// and TypeScript reads: it is edited there all the same.
export const sql = postgres(process.env.DATABASE_URL!, options);
