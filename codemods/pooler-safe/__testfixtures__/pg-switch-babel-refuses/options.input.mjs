// Library defaults; callers may override any of them. The import assertion is read by TypeScript,
// refused by jscodeshift's parser: this module still gets its marker.
import limits from './limits.json' assert { type: 'json' };

export const DEFAULTS = {
  schema: 'public',
  max: limits.max,
  usePreparedStatements: true,
};
