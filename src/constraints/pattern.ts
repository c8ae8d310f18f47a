/**
 * LMQL queries write Python regexes; we parse JS syntax. This translates the spellings where the two
 * differ in constraints, so a Python pattern never silently means something else:
 * - `\A` and `\Z` are Python's start/end anchors (JS reads `\Z` as a literal `Z`): → `^`, `$`;
 *   anchors are resolved against the whole value in regex-dfa.ts (`a\Z|b` is `a|b`).
 * - `{,n}` is Python's `{0,n}` (JS reads it as literal text); a `{` or `}` that is no quantifier is
 *   a literal in Python and is escaped.
 * - `(?P<name>...)` is JS's `(?<name>...)`.
 * - `.` excludes only `\n` in Python (JS's also excludes `\r`, U+2028, U+2029): → `[^\n]`.
 * Still different: `\d` and `\w` are ASCII-only here, Unicode-aware in Python.
 */
export function normalizePattern(pattern: string): string {
  let out = "";
  let inClass = false;
  const p = pattern;
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (ch === "\\" && i + 1 < p.length) {
      const next = p[++i];
      out += inClass ? ch + next : next === "A" ? "^" : next === "Z" ? "$" : ch + next;
    } else if (inClass) {
      if (ch === "]") inClass = false;
      out += ch;
    } else if (ch === "[") {
      inClass = true;
      out += ch;
      // A `]` right after `[` or `[^` is a literal in Python.
      if (p[i + 1] === "^") out += p[++i];
      if (p[i + 1] === "]") out += `\\${p[++i]}`;
    } else if (ch === "{") {
      const q = /^\{(\d*)(?:(,)(\d*))?\}/.exec(p.slice(i));
      if (q !== null && (q[1] !== "" || q[2] !== undefined)) {
        out += `{${q[1] === "" ? "0" : q[1]}${q[2] === undefined ? "" : `,${q[3]}`}}`;
        i += q[0].length - 1;
      } else out += "\\{";
    } else if (ch === "}") {
      out += "\\}";
    } else if (ch === "(" && p.startsWith("(?P<", i)) {
      out += "(?<";
      i += 3;
    } else {
      out += ch === "." ? "[^\\n]" : ch;
    }
  }
  return out;
}
