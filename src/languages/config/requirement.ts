/**
 * PEP 508 requirement strings, read just enough to swap one distribution for another while
 * keeping the marker, the comment and the surrounding formatting.
 */
export interface Requirement {
  /** Normalised name (PEP 503: lowercase, runs of -_. become -). */
  name: string;
  extras: string[];
  /** Version specifier text as written (may be empty). */
  specifier: string;
  /** `; marker` text as written, without the semicolon (may be empty). */
  marker: string;
  /** Text of the requirement itself in the string (without comment). */
  length: number;
}

export const normalizeName = (n: string) => n.toLowerCase().replace(/[-_.]+/g, '-');

const REQ = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[([^\]]*)\])?\s*((?:[<>=!~^*][^;#]*?|\([^)]*\))?)\s*(?:;\s*([^#]*?))?\s*$/;

/** Parses a requirement (no options, no URL requirements), or null. */
export function parseRequirement(text: string): Requirement | null {
  const m = REQ.exec(text);
  if (!m) return null;
  return {
    name: normalizeName(m[1]!),
    extras: m[2] ? m[2].split(',').map((e) => e.trim()).filter(Boolean) : [],
    specifier: (m[3] ?? '').trim(),
    marker: (m[4] ?? '').trim(),
    length: text.length,
  };
}

export function formatRequirement(r: { name: string; extras: readonly string[]; specifier: string; marker?: string }): string {
  const extras = r.extras.length ? `[${r.extras.join(',')}]` : '';
  return `${r.name}${extras}${r.specifier}${r.marker ? `; ${r.marker}` : ''}`;
}

export interface RequirementLine {
  /** Offset range of the requirement text inside the whole file. */
  start: number;
  end: number;
  req: Requirement;
  /** The line has pip options such as --hash: it is a lock, not a spec. */
  hashed: boolean;
}

/**
 * Requirement lines of a requirements/constraints file. Continuation lines (`\`) are joined for
 * the --hash check; `-r`/`-c` includes, options and URLs are left alone.
 */
export function requirementLines(text: string): RequirementLine[] {
  const out: RequirementLine[] = [];
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    let logicalEnd = end;
    while (/\\\r?$/.test(text.slice(pos, logicalEnd)) && logicalEnd < text.length) {
      const nxt = text.indexOf('\n', logicalEnd + 1);
      logicalEnd = nxt < 0 ? text.length : nxt;
    }
    const line = text.slice(pos, end).replace(/\r$/, '');
    const logical = text.slice(pos, logicalEnd);
    const lead = /^\s*/.exec(line)![0].length;
    const body = line.slice(lead).replace(/\s+#.*$/, '').replace(/\s*\\$/, '').trimEnd();
    if (body && !body.startsWith('#') && !body.startsWith('-')) {
      const req = parseRequirement(body.replace(/\s+--\S.*$/, ''));
      if (req) {
        const reqText = body.replace(/\s+--\S.*$/, '');
        out.push({ start: pos + lead, end: pos + lead + reqText.length, req, hashed: /--hash[=\s]/.test(logical) });
      }
    }
    pos = logicalEnd + 1;
  }
  return out;
}
