/**
 * The constraint vocabulary (`STOPS_AT`, `INT`, `TOKENS`, ...) as ordinary Python functions over
 * finished values, for the parts of a `where` that are evaluated rather than masked: terms about
 * already-decided holes, and post-checks on a finished value.
 */
import { nativeFunction, PyError, pyStr, Scope, type Value } from "./eval/index.js";

function text(v: Value | undefined, fn: string): string {
  if (typeof v !== "string") throw new PyError("TypeError", `${fn}() expects a string, got ${v === undefined ? "nothing" : pyStr(v)}`);
  return v;
}

function compileRegex(pattern: string): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`, "su");
  } catch (e) {
    throw new PyError("ValueError", `invalid regex ${JSON.stringify(pattern)}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A scope under `parent` where the constraint functions are bound. `tokenize` backs TOKENS(). */
export function constraintScope(parent: Scope, tokenize: (text: string) => readonly string[]): Scope {
  const scope = parent.child();
  const define = (name: string, impl: (args: readonly Value[]) => Value): void => scope.set(name, nativeFunction(name, impl));
  define("STOPS_AT", ([x, s]) => text(x, "STOPS_AT").endsWith(text(s, "STOPS_AT")));
  // The value never holds the stop phrase: nothing to check once it is finished.
  define("STOPS_BEFORE", ([x, s]) => (text(x, "STOPS_BEFORE"), text(s, "STOPS_BEFORE"), true));
  define("STARTS_WITH", ([x, s]) => text(x, "STARTS_WITH").startsWith(text(s, "STARTS_WITH")));
  define("INT", ([x]) => /^-?[0-9]+$/.test(text(x, "INT")));
  define("FLOAT", ([x]) => /^-?[0-9]+(\.[0-9]+)?$/.test(text(x, "FLOAT")));
  define("REGEX", ([x, p]) => compileRegex(text(p, "REGEX")).test(text(x, "REGEX")));
  define("TOKENS", ([x]) => [...tokenize(text(x, "TOKENS"))]);
  define("WORDS", ([x]) => text(x, "WORDS").split(/\s+/u).filter((w) => w.length > 0));
  return scope;
}
