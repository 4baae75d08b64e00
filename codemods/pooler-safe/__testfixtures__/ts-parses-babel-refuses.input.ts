import postgres from 'postgres';
// An import assertion: TypeScript parses it; jscodeshift's parser refuses the `assert` form. The
// options literal and the call are edited all the same, each parsed alone.
import settings from './settings.json' assert { type: 'json' };

export const sql = postgres(settings.url, { max: settings.poolSize });

export const audit = postgres(settings.auditUrl);
