/**
 * LMQL queries write Python regexes; we parse JS syntax. The two agree on nearly everything used in
 * constraints; here the differences we bridge: `^`/`$`/`\A`/`\Z` at the ends are redundant (the whole
 * value is matched), Python's named groups `(?P<name>...)` are JS's `(?<name>...)`, and Python's `.`
 * excludes only `\n` (JS's also excludes `\r`, U+2028, U+2029). Still different: `\d` and `\w` are
 * ASCII-only here, Unicode-aware in Python.
 */
export function normalizePattern(pattern: string): string {
  let p = pattern.replaceAll("(?P<", "(?<");
  if (p.startsWith("^")) p = p.slice(1);
  else if (p.startsWith("\\A")) p = p.slice(2);
  if (p.endsWith("\\Z") && !p.endsWith("\\\\Z")) p = p.slice(0, -2);
  else if (p.endsWith("$") && !p.endsWith("\\$")) p = p.slice(0, -1);
  return pythonDots(p);
}

/** Bare `.` (not escaped, not inside a character class) → `[^\n]`. */
function pythonDots(p: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (ch === "\\" && i + 1 < p.length) {
      out += ch + p[++i];
    } else if (inClass) {
      if (ch === "]") inClass = false;
      out += ch;
    } else if (ch === "[") {
      inClass = true;
      out += ch;
      // A `]` right after `[` or `[^` is a literal in Python.
      if (p[i + 1] === "^") out += p[++i];
      if (p[i + 1] === "]") out += `\\${p[++i]}`;
    } else {
      out += ch === "." ? "[^\\n]" : ch;
    }
  }
  return out;
}
