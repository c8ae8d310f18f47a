/**
 * Finding where string literals, interpolations and holes end. Shared by the code lexer (which must
 * know where a prompt string ends even when a hole holds a quote: `"Hi [N:r"[a-z]+"]!"`) and by the
 * prompt scanner, so both agree on every boundary.
 */

/** The parts of one string literal in the source, as offsets. */
export interface StringShape {
  /** Prefix letters as written (`r`, `f`, `rf`, ...). */
  readonly prefix: string;
  /** `"`, `'`, `"""` or `'''`. */
  readonly delimiter: string;
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /** Offset just after the closing delimiter (or where scanning stopped when unterminated). */
  readonly end: number;
  readonly terminated: boolean;
}

/** Deeper nesting of strings in interpolations than this is treated as plain text. */
const MAX_SCAN_DEPTH = 24;

const PREFIX = /(?:[rR][fFbB]?|[fFbB][rR]?|[uU])?(?="|')/y;
/** `[NAME:` or `[@`: a hole whose type or decorator may hold its own strings. */
const TYPED_HOLE_START = /\[[ \t]*(?:@|[A-Za-z_]\w*[ \t]*:)/y;

export function isRawPrefix(prefix: string): boolean {
  return /r/i.test(prefix);
}

export function isFormatPrefix(prefix: string): boolean {
  return /f/i.test(prefix);
}

/**
 * Scans the string literal starting at `start` (at its prefix or quote).
 * `prompt`: the literal may be a prompt, so holes and `{...}` may hold nested strings of any quote.
 */
export function scanString(text: string, start: number, prompt: boolean, depth = 0): StringShape | undefined {
  PREFIX.lastIndex = start;
  const m = PREFIX.exec(text);
  if (m === null) return undefined;
  const prefix = m[0];
  const quoteAt = start + prefix.length;
  const q = text[quoteAt]!;
  const triple = text.startsWith(q + q + q, quoteAt);
  const delimiter = triple ? q + q + q : q;
  const bodyStart = quoteAt + delimiter.length;
  const shape = (bodyEnd: number, end: number, terminated: boolean): StringShape => ({ prefix, delimiter, bodyStart, bodyEnd, end, terminated });
  if (triple) {
    const close = findTripleClose(text, bodyStart, delimiter);
    return close < 0 ? shape(text.length, text.length, false) : shape(close, close + 3, true);
  }
  const nested = (prompt || isFormatPrefix(prefix)) && depth < MAX_SCAN_DEPTH;
  let i = bodyStart;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92 /* \ */) {
      i += text.startsWith("\r\n", i + 1) ? 3 : 2;
    } else if (c === 10 || c === 13) {
      return shape(i, i, false);
    } else if (text[i] === q) {
      return shape(i, i + 1, true);
    } else if (nested && c === 123 /* { */) {
      if (text.charCodeAt(i + 1) === 123) i += 2;
      else i = scanBracketed(text, i, text.length, true, depth + 1) ?? i + 1;
    } else if (nested && prompt && c === 91 /* [ */ && isTypedHoleStart(text, i)) {
      i = scanBracketed(text, i, text.length, true, depth + 1) ?? i + 1;
    } else {
      i++;
    }
  }
  return shape(text.length, text.length, false);
}

function findTripleClose(text: string, from: number, delimiter: string): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 92) i += 2;
    else if (text.startsWith(delimiter, i)) return i;
    else i++;
  }
  return -1;
}

export function isTypedHoleStart(text: string, at: number): boolean {
  TYPED_HOLE_START.lastIndex = at;
  return TYPED_HOLE_START.test(text);
}

const CLOSERS: Record<string, string> = { "(": ")", "[": "]", "{": "}" };

/**
 * From an opening bracket at `open`, the offset just past its matching closer, skipping nested
 * brackets and string literals; undefined when it does not close before `limit` (or before a line
 * break when `singleLine`).
 */
export function scanBracketed(text: string, open: number, limit: number, singleLine: boolean, depth = 0): number | undefined {
  if (depth > MAX_SCAN_DEPTH) return undefined;
  const stack: string[] = [CLOSERS[text[open]!]!];
  let i = open + 1;
  while (i < limit) {
    const ch = text[i]!;
    if (ch === "\n" || ch === "\r") {
      if (singleLine) return undefined;
      i++;
    } else if (ch === '"' || ch === "'" || (/[rRfFbBuU]/.test(ch) && isStringStartAfterPrefix(text, i))) {
      if (!isIdentContinue(text.charCodeAt(i - 1)) || ch === '"' || ch === "'") {
        const s = scanString(text, i, false, depth + 1);
        if (s === undefined || !s.terminated || s.end > limit) return undefined;
        i = s.end;
      } else {
        i++;
      }
    } else if (ch === "(" || ch === "[" || ch === "{") {
      stack.push(CLOSERS[ch]!);
      i++;
    } else if (ch === ")" || ch === "]" || ch === "}") {
      if (stack[stack.length - 1] !== ch) return undefined;
      stack.pop();
      i++;
      if (stack.length === 0) return i;
    } else if (ch === "#" && !singleLine) {
      while (i < limit && text[i] !== "\n") i++;
    } else {
      i++;
    }
  }
  return undefined;
}

function isStringStartAfterPrefix(text: string, at: number): boolean {
  PREFIX.lastIndex = at;
  const m = PREFIX.exec(text);
  return m !== null && m[0].length > 0;
}

function isIdentContinue(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}
