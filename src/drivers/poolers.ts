/**
 * What statement-keeping poolers handle, by version (DRIVER-FACTS.md, "Modern poolers").
 * PgBouncer 1.21 added protocol-level named statements (`max_prepared_statements`), but forwarded
 * `DEALLOCATE ALL` and `DISCARD ALL` without clearing its own tracking, so the next use of a
 * statement it believed prepared failed ("PGBOUNCER_n does not exist"; prisma/prisma#21635).
 * 1.22 handles both.
 */
export const PGBOUNCER_HANDLES_DEALLOCATE_ALL: readonly [number, number] = [1, 22];

/** "PgBouncer 1.24.1" (SHOW VERSION on the admin console) as [major, minor], or null. */
export function pgbouncerVersion(text: string | null | undefined): [number, number] | null {
  const m = /PgBouncer\s+(\d+)\.(\d+)/i.exec(text ?? '');
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** Whether this pooler version is known to handle DEALLOCATE ALL / DISCARD ALL (null: unknown). */
export function handlesDeallocateAll(versionText: string | null | undefined): boolean | null {
  const v = pgbouncerVersion(versionText);
  if (!v) return null;
  const [maj, min] = PGBOUNCER_HANDLES_DEALLOCATE_ALL;
  return v[0] > maj || (v[0] === maj && v[1] >= min);
}
