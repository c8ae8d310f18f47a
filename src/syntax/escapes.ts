/** Python string escapes: `\n \t \\ \" \' \xNN \uNNNN \UNNNNNNNN \NNN` (octal), `\<newline>`. */

const SIMPLE: Record<string, string> = {
  n: "\n", t: "\t", r: "\r", "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", v: "\v",
};

/** The decoded escape at `text[at]` (a backslash) and how many characters it spans. */
export function decodeEscape(text: string, at: number): { value: string; length: number } {
  const c = text[at + 1];
  if (c === undefined) return { value: "\\", length: 1 };
  const simple = SIMPLE[c];
  if (simple !== undefined) return { value: simple, length: 2 };
  if (c === "\n") return { value: "", length: 2 };
  if (c === "\r") return { value: "", length: text[at + 2] === "\n" ? 3 : 2 };
  const hex = c === "x" ? 2 : c === "u" ? 4 : c === "U" ? 8 : 0;
  if (hex > 0) {
    const digits = text.slice(at + 2, at + 2 + hex);
    if (digits.length === hex && /^[0-9a-fA-F]+$/.test(digits)) {
      const code = parseInt(digits, 16);
      if (code <= 0x10ffff) return { value: String.fromCodePoint(code), length: 2 + hex };
    }
    return { value: "\\" + c, length: 2 };
  }
  const octal = /^[0-7]{1,3}/.exec(text.slice(at + 1, at + 4));
  if (octal !== null) return { value: String.fromCharCode(parseInt(octal[0], 8)), length: 1 + octal[0].length };
  // Python keeps unknown escapes as written.
  return { value: "\\" + c, length: 2 };
}

/**
 * `text[start, end)` with escapes resolved (raw strings keep backslashes as written). With `lines`,
 * the source is first dedented as LMQL does: lines holding only whitespace are dropped, and each
 * line after the first loses the query's common indentation as far as it starts with it.
 */
export function decodeString(text: string, start: number, end: number, raw: boolean, lines?: { readonly indent: string }): string {
  if (lines !== undefined) {
    const source = text
      .slice(start, end)
      .replace(/\n(?:[ \t\f\r]*\n)+/g, "\n")
      .replace(/\n[ \t\f]*/g, (m) => "\n" + withoutPrefix(m.slice(1), lines.indent));
    return decodeString(source, 0, source.length, raw);
  }
  if (raw) return text.slice(start, end);
  let out = "";
  let i = start;
  while (i < end) {
    const next = text.indexOf("\\", i);
    if (next < 0 || next >= end) {
      out += text.slice(i, end);
      break;
    }
    out += text.slice(i, next);
    const e = decodeEscape(text, next);
    out += e.value;
    i = next + e.length;
  }
  return out;
}

/** `ws` without as much of `indent` as it starts with. */
function withoutPrefix(ws: string, indent: string): string {
  let k = 0;
  while (k < indent.length && k < ws.length && ws[k] === indent[k]) k++;
  return ws.slice(k);
}
