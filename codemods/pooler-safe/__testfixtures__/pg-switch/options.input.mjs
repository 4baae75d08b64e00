// Library defaults; callers may override any of them.
export const DEFAULTS = {
  schema: 'public',
  usePreparedStatements: true,
};
