/**
 * LMQL queries write Python regexes; we parse JS syntax. The two agree on nearly everything used in
 * constraints; here the differences we bridge: `^`/`$`/`\A`/`\Z` at the ends are redundant (the whole
 * value is matched) and Python's named groups `(?P<name>...)` are JS's `(?<name>...)`.
 */
export function normalizePattern(pattern: string): string {
  let p = pattern.replaceAll("(?P<", "(?<");
  if (p.startsWith("^")) p = p.slice(1);
  else if (p.startsWith("\\A")) p = p.slice(2);
  if (p.endsWith("\\Z") && !p.endsWith("\\\\Z")) p = p.slice(0, -2);
  else if (p.endsWith("$") && !p.endsWith("\\$")) p = p.slice(0, -1);
  return p;
}
