/** A PostgreSQL `datasource` block of a Prisma schema, read just enough for the audit and the codemods. */
export interface PrismaDatasource {
  /** Offset of the block's `datasource` keyword. */
  start: number;
  /** Offset of its `url = ...` line, or -1. */
  urlAt: number;
  /** `url = env("X")`: X. */
  urlVar: string | null;
  /** `url = "..."`: the literal. */
  urlLiteral: string | null;
  hasDirectUrl: boolean;
}

export function postgresDatasources(text: string): PrismaDatasource[] {
  const out: PrismaDatasource[] = [];
  for (const m of text.matchAll(/datasource\s+\w+\s*\{([^}]*)\}/g)) {
    const body = m[1]!;
    if (!/provider\s*=\s*"postgres(ql)?"/.test(body)) continue;
    const url = /\burl\s*=\s*(env\("([^"]+)"\)|"([^"]*)")/.exec(m[0]);
    out.push({
      start: m.index,
      urlAt: url ? m.index + url.index : -1,
      urlVar: url?.[2] ?? null,
      urlLiteral: url?.[3] ?? null,
      hasDirectUrl: /\bdirectUrl\s*=/.test(body),
    });
  }
  return out;
}
