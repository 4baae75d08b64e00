/**
 * One regular expression that matches where any of the strings occurs: the same answer as
 * `strings.some((s) => text.includes(s))` in one pass instead of one per string (two to three
 * times faster over a whole tree).
 */
export function anyOf(strings: readonly string[]): RegExp {
  return strings.length ? new RegExp(strings.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')) : /(?!)/;
}
