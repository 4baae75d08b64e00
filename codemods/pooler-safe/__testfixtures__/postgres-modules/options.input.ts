export const base = {
  max: 5,
  connect_timeout: 10,
};
export function buildOptions() {
  return { ssl: 'require' as const };
}
