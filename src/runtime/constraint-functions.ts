/**
 * The constraint vocabulary (`STOPS_AT`, `INT`, `TOKENS`, ...) as ordinary Python functions over
 * finished values, for the parts of a `where` that are evaluated rather than masked: terms about
 * already-decided holes, and post-checks on a finished value. Which names exist is the language
 * table's business (`src/language/`); what REGEX/INT/FLOAT/WORDS mean is the mask engine's
 * (`constraints/finished-value.ts`), so a value passes here exactly when its mask would allow it.
 */
import { ConstraintError } from "../constraints/errors.js";
import { isFloatText, isIntText, matchesRegex, wordsOf } from "../constraints/finished-value.js";
import { sentencesOf } from "../constraints/sentences.js";
import { CONSTRAINT_FUNCTIONS, type BoundConstraintFunction } from "../language/index.js";
import { iterate, nativeFunction, PyError, pyStr, PyTuple, Scope, type Value } from "./eval/index.js";

function text(v: Value | undefined, fn: string): string {
  if (typeof v !== "string") throw new PyError("TypeError", `${fn}() expects a string, got ${v === undefined ? "nothing" : pyStr(v)}`);
  return v;
}

function regex(pattern: string, value: string): boolean {
  try {
    return matchesRegex(pattern, value);
  } catch (e) {
    if (e instanceof ConstraintError) throw new PyError("ValueError", e.message);
    throw e;
  }
}

/** `STARTS_WITH(X, p)`: `p` is one phrase or, as in LMQL, a list of them. */
function startsWith(value: string, phrases: Value | undefined): boolean {
  if (typeof phrases === "string") return value.startsWith(phrases);
  return [...iterate(phrases ?? null)].some((p) => value.startsWith(text(p, "STARTS_WITH")));
}

type Impl = (args: readonly Value[], tokenize: (text: string) => readonly string[]) => Value;

const stopsAt = (fn: string): Impl => ([x, s]) => text(x, fn).endsWith(text(s, fn));
// The value never holds the stop phrase: nothing to check once it is finished.
const stopsBefore = (fn: string): Impl => ([x, s]) => (text(x, fn), text(s, fn), true);

/** One implementation per function the table binds at run time (the type makes it exhaustive). */
const IMPLEMENTATIONS: Readonly<Record<BoundConstraintFunction, Impl>> = {
  STOPS_AT: stopsAt("STOPS_AT"),
  STOPS_BEFORE: stopsBefore("STOPS_BEFORE"),
  stops_at: stopsAt("stops_at"),
  stops_before: stopsBefore("stops_before"),
  STARTS_WITH: ([x, s]) => startsWith(text(x, "STARTS_WITH"), s),
  INT: ([x]) => isIntText(text(x, "INT")),
  FLOAT: ([x]) => isFloatText(text(x, "FLOAT")),
  REGEX: ([x, p]) => regex(text(p, "REGEX"), text(x, "REGEX")),
  TOKENS: ([x], tokenize) => [...tokenize(text(x, "TOKENS"))],
  WORDS: ([x]) => wordsOf(text(x, "WORDS")),
  SENTENCES: ([x]) => new PyTuple(sentencesOf(text(x, "SENTENCES"))),
};

/** A scope under `parent` where the constraint functions are bound. `tokenize` backs TOKENS(). */
export function constraintScope(parent: Scope, tokenize: (text: string) => readonly string[]): Scope {
  const scope = parent.child();
  for (const [name, fn] of Object.entries(CONSTRAINT_FUNCTIONS)) {
    if (fn.runtime !== "constraint") continue;
    const impl = IMPLEMENTATIONS[name as BoundConstraintFunction];
    scope.set(name, nativeFunction(name, (args) => impl(args, tokenize)));
  }
  return scope;
}
