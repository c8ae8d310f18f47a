/**
 * Regex validation for `[X: r'...']` and `REGEX(X, r"...")`: a pattern is valid when the mask
 * engine can build its automaton (so `check` and `run` agree). Python's named groups `(?P<name>...)`
 * are read as the engine reads them. A syntax error is located first with refa's parser, which
 * reports the index of the problem inside the pattern; we map it back into the source when the
 * literal allows it.
 */
import { JS } from "refa";
import { regexUnsupported } from "../constraints/finished-value.js";
import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import { invalidRegex } from "./errors.js";

interface RegexProblem {
  readonly message: string;
  /** Index into the pattern, when known. */
  readonly index: number | undefined;
}

const PYTHON_GROUP = "(?P<";

/** `(?P<` → `(?<` (JS syntax, as the engine bridges it), and a map from indices back to `pattern`. */
function asJs(pattern: string): { source: string; original: (index: number) => number } {
  const at: number[] = [];
  let source = "";
  let from = 0;
  for (let i = pattern.indexOf(PYTHON_GROUP); i >= 0; i = pattern.indexOf(PYTHON_GROUP, from)) {
    source += pattern.slice(from, i) + "(?<";
    at.push(source.length);
    from = i + PYTHON_GROUP.length;
  }
  source += pattern.slice(from);
  return { source, original: (index) => index + at.filter((p) => p <= index).length };
}

function syntaxProblem(pattern: string): RegexProblem | undefined {
  const js = asJs(pattern);
  try {
    JS.Parser.fromLiteral({ source: js.source, flags: "" });
  } catch (e) {
    const index = typeof (e as { index?: unknown }).index === "number" ? js.original((e as { index: number }).index) : undefined;
    return { message: cleanMessage(e), index };
  }
  try {
    new RegExp(js.source);
  } catch (e) {
    return { message: cleanMessage(e), index: undefined };
  }
  return undefined;
}

function problemOf(pattern: string): RegexProblem | undefined {
  const syntax = syntaxProblem(pattern);
  if (syntax !== undefined) return syntax;
  const unsupported = regexUnsupported(pattern);
  return unsupported === undefined ? undefined : { message: unsupported, index: undefined };
}

/** "Invalid regular expression: /x(/: Unterminated group" → "unterminated group". */
function cleanMessage(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  const detail = text.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "");
  return detail.charAt(0).toLowerCase() + detail.slice(1);
}

/**
 * Where the pattern's characters start in the source, given the span of the literal that holds it.
 * Exact only when each source character is one pattern character (raw strings, no escapes);
 * otherwise undefined and the whole literal is blamed.
 */
function contentStart(pattern: string, literal: Span, sourceIsContent: boolean): number | undefined {
  const extra = literal.end - literal.start - pattern.length;
  if (sourceIsContent) return extra === 0 ? literal.start : undefined;
  // 2 or 3: one quote each side (with an optional r/b prefix); 6 or 7: triple quotes.
  if (extra === 2 || extra === 3) return literal.end - 1 - pattern.length;
  if (extra === 6 || extra === 7) return literal.end - 3 - pattern.length;
  return undefined;
}

/**
 * Diagnostics for an invalid pattern: none when it is valid. `literal` is the span of the string
 * literal (with quotes) or, when `sourceIsContent`, exactly the pattern's characters.
 */
export function checkRegex(pattern: string, literal: Span, sourceIsContent = false): Diagnostic[] {
  const problem = problemOf(pattern);
  if (problem === undefined) return [];
  const start = contentStart(pattern, literal, sourceIsContent);
  if (start === undefined || problem.index === undefined) return [invalidRegex(problem.message, literal)];
  const at = start + Math.min(problem.index, Math.max(0, pattern.length - 1));
  return [invalidRegex(problem.message, { start: at, end: at + 1 })];
}
