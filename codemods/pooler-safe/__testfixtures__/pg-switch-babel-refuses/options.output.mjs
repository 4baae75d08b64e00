// Library defaults; callers may override any of them. The import assertion is read by TypeScript,
// refused by jscodeshift's parser: this module still gets its marker.
import limits from './limits.json' assert { type: 'json' };

export const DEFAULTS = {
  schema: 'public',
  max: limits.max,
  // migrate-driver: TODO this default decides whether node-postgres query configs get a name (DEFAULTS.usePreparedStatements): behind a transaction pooler without prepared-statement support, set DEFAULTS.usePreparedStatements to false by default
  usePreparedStatements: true,
};
