/**
 * Where PostgreSQL's own lexer (scan.l) sees `$n` parameters in a query: not inside string
 * constants, quoted identifiers, dollar-quoted bodies, comments (nested) or identifiers (`a$1` is one
 * identifier). Only the token boundaries that decide this are followed; anything this scanner cannot
 * place for certain gives a reason instead of a guess.
 */

export interface Placeholder {
  /** Offsets in the query text: `$` and one past the last digit. */
  start: number;
  end: number;
  n: number;
}

export type SqlScan = { placeholders: Placeholder[] } | { why: string };

const IDENT_START = /[A-Za-z_\u0080-\uffff]/;
const IDENT_CONT = /[A-Za-z0-9_$\u0080-\uffff]/;
const DOLLAR_TAG = /^\$(?:[A-Za-z_\u0080-\uffff][A-Za-z0-9_\u0080-\uffff]*)?\$/;

/** One past the closing quote of a string or quoted identifier that opens at `i`; -1 when unclosed. */
function quotedEnd(sql: string, i: number, quote: string, backslashEscapes: boolean): number | { why: string } {
  for (let j = i + 1; j < sql.length; j++) {
    const c = sql[j];
    if (c === '\\') {
      let run = 0;
      while (sql[j + run] === '\\') run++;
      if (backslashEscapes) {
        j += run - 1 + (run % 2); // an odd run escapes the next character
        continue;
      }
      // With standard_conforming_strings off, an odd run of backslashes before a quote escapes it
      // and the literal would end elsewhere: the extent depends on a server setting.
      if (quote === "'" && run % 2 === 1 && sql[j + run] === "'") return { why: "a backslash before a quote in a '...' string (its end depends on standard_conforming_strings)" };
      j += run - 1;
      continue;
    }
    if (c === quote) {
      if (sql[j + 1] === quote) j++;
      else return j + 1;
    }
  }
  return -1;
}

/** One past the end of a comment `/* ... *\/` opening at `i` (they nest in PostgreSQL); -1 when unclosed. */
function blockCommentEnd(sql: string, i: number): number {
  let depth = 0;
  for (let j = i; j < sql.length - 1; j++) {
    if (sql[j] === '/' && sql[j + 1] === '*') {
      depth++;
      j++;
    } else if (sql[j] === '*' && sql[j + 1] === '/') {
      depth--;
      j++;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

export function scanSql(sql: string): SqlScan {
  const placeholders: Placeholder[] = [];
  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      const end = quotedEnd(sql, i, c, false);
      if (typeof end !== 'number') return end;
      if (end < 0) return { why: `an unclosed ${c === "'" ? 'string' : 'quoted identifier'}` };
      i = end;
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n' && sql[i] !== '\r') i++;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = blockCommentEnd(sql, i);
      if (end < 0) return { why: 'an unclosed /* comment' };
      i = end;
    } else if (IDENT_START.test(c)) {
      let j = i + 1;
      while (j < sql.length && IDENT_CONT.test(sql[j]!)) j++;
      // E'...' alone is an escape string constant (backslash escapes); CASE'x' is a keyword then a string.
      if (j === i + 1 && (c === 'E' || c === 'e') && sql[j] === "'") {
        const end = quotedEnd(sql, j, "'", true);
        if (typeof end !== 'number' || end < 0) return { why: "an unclosed E'...' string" };
        j = end;
      }
      i = j;
    } else if (c === '$') {
      const digits = /^\$(\d+)/.exec(sql.slice(i, i + 12));
      if (digits) {
        const end = i + digits[0].length;
        if (digits[1]!.startsWith('0') || (end < sql.length && IDENT_CONT.test(sql[end]!))) return { why: `an unusual parameter ${sql.slice(i, end + 1)}` };
        placeholders.push({ start: i, end, n: Number(digits[1]) });
        i = end;
        continue;
      }
      const tag = DOLLAR_TAG.exec(sql.slice(i, i + 66));
      if (!tag) return { why: 'a $ that is neither a parameter nor a dollar quote' };
      const close = sql.indexOf(tag[0], i + tag[0].length);
      if (close < 0) return { why: `an unclosed ${tag[0]} body` };
      i = close + tag[0].length;
    } else i++;
  }
  return { placeholders };
}
