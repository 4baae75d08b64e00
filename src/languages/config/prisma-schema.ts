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

/**
 * The schema with its `//` comments blanked out (same length, so offsets hold): a comment, our own
 * `migrate-driver: TODO` marker included, is never configuration.
 */
export function withoutComments(text: string): string {
  return text.replace(/[^\n]*/g, (line) => {
    let inString = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === '"' && line[i - 1] !== '\\') inString = !inString;
      else if (!inString && c === '/' && line[i + 1] === '/') return line.slice(0, i) + ' '.repeat(line.length - i);
    }
    return line;
  });
}

export function postgresDatasources(schema: string): PrismaDatasource[] {
  const out: PrismaDatasource[] = [];
  const text = withoutComments(schema);
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
