/**
 * The mask engine's meaning of a finished value, for code that checks one after decoding (the
 * run time's `REGEX(...)`, `INT(...)`, `FLOAT(...)`, `WORDS(...)` inside a `where` that no mask
 * expresses). Regexes run through the very byte DFA the masks are built from (same Python-regex
 * translation: `.` is `[^\n]`, `(?P<name>...)` works), so a value is accepted afterwards exactly
 * when the mask would have let it through.
 */
import { DEAD, type Dfa } from "./dfa.js";
import { ConstraintError } from "./errors.js";
import { FLOAT_PATTERN, INT_PATTERN } from "./lower.js";
import { regexDfa } from "./regex-dfa.js";

const encoder = new TextEncoder();

/** Compiled patterns; bounded so a query looping over many patterns cannot grow it forever. */
const dfas = new Map<string, Dfa>();
const MAX_CACHED = 256;

function dfaOf(pattern: string): Dfa {
  let dfa = dfas.get(pattern);
  if (dfa === undefined) {
    dfa = regexDfa(pattern);
    if (dfas.size >= MAX_CACHED) dfas.delete(dfas.keys().next().value!);
    dfas.set(pattern, dfa);
  }
  return dfa;
}

/**
 * Whether all of `text` matches `pattern` (Python syntax, as `REGEX(X, pattern)` reads it).
 * Throws ConstraintError for a pattern the engine cannot compile.
 */
export function matchesRegex(pattern: string, text: string): boolean {
  const dfa = dfaOf(pattern);
  let s = 0;
  for (const b of encoder.encode(text)) {
    s = dfa.trans[s * 256 + b]!;
    if (s === DEAD) return false;
  }
  return dfa.accept[s] === 1;
}

/** `INT(X)` on a finished value: what the INT mask accepts. */
export function isIntText(text: string): boolean {
  return matchesRegex(INT_PATTERN, text);
}

/** `FLOAT(X)` on a finished value: what the FLOAT mask accepts. */
export function isFloatText(text: string): boolean {
  return matchesRegex(FLOAT_PATTERN, text);
}

/** ASCII whitespace separates words, as in the `len(WORDS(X))` counter (`wordCountDfa`). */
const WORD_SEPARATOR = /[\t\n\v\f\r ]+/;

/** `WORDS(X)`: maximal runs of non-whitespace, the units `len(WORDS(X))` masks count. */
export function wordsOf(text: string): string[] {
  return text.split(WORD_SEPARATOR).filter((w) => w.length > 0);
}

/**
 * Why the engine cannot build a mask for `pattern` (unsupported syntax, lookarounds, too many
 * states), or undefined when it can. The checker asks this so `check` and `run` agree.
 */
export function regexUnsupported(pattern: string): string | undefined {
  try {
    dfaOf(pattern);
    return undefined;
  } catch (e) {
    if (e instanceof ConstraintError) return e.message;
    throw e;
  }
}
