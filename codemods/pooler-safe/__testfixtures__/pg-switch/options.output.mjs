// Library defaults; callers may override any of them.
export const DEFAULTS = {
  schema: 'public',
  // migrate-driver: TODO this default decides whether node-postgres query configs get a name (opts.usePreparedStatements): behind a transaction pooler without prepared-statement support, set opts.usePreparedStatements to false by default
  usePreparedStatements: true,
};
