/** Version numbers as the knowledge base compares them. */
export type Version = [number, number, number];

export function parseVersion(s: string | undefined | null): Version | null {
  const m = /(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(s ?? '');
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : null;
}

export function atLeast(v: Version, min: string): boolean {
  const m = parseVersion(min)!;
  for (let i = 0; i < 3; i++) if (v[i] !== m[i]) return v[i]! > m[i]!;
  return true;
}

export const showVersion = (v: Version) => v.join('.');

/** Where the facts change with the version (DRIVER-FACTS.md §1, §2). */
export const VERSION_FACTS = {
  /** asyncpg 0.31.0: prepare() and copy_records_to_table are unnamed when the statement cache is off (PR #1245). */
  asyncpgUnnamedPrepare: '0.31.0',
  /** SQLAlchemy 2.0.10: the asyncpg dialect's prepared_statement_name_func. */
  sqlalchemyNameFunc: '2.0.10',
  /** Prisma 7: driver adapters are required; adapter-pg runs unnamed statements. */
  prismaAdapters: '7.0.0',
} as const;
