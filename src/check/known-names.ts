/** Names every query may read without defining them. */

/** Python builtins the evaluator provides (plus the type names usable as values). */
export const BUILTINS: ReadonlySet<string> = new Set([
  "range", "len", "str", "int", "float", "list", "dict", "set", "tuple", "enumerate", "zip", "print",
  "sorted", "reversed", "min", "max", "sum", "abs", "round", "isinstance", "type", "any", "all", "map",
  "filter", "input", "bool", "repr", "ord", "chr", "ascii", "format", "callable", "hex", "oct", "bin",
  "divmod", "pow", "getattr", "hasattr", "object",
]);

/** Functions that only mean something inside a `where` clause (`len` is also a builtin). */
export const CONSTRAINT_FUNCTIONS: ReadonlySet<string> = new Set([
  "TOKENS", "WORDS", "SENTENCES", "INT", "FLOAT", "REGEX", "STOPS_AT", "STOPS_BEFORE", "len",
]);

/** `lmql.model(...)` and friends. */
export const LIBRARY_NAMES: ReadonlySet<string> = new Set(["lmql"]);

/** What LMQL binds in every query at run time: `context` (the prompt so far, the values decided). */
export const RUNTIME_NAMES: ReadonlySet<string> = new Set(["context"]);

export function isKnownGlobal(name: string): boolean {
  return BUILTINS.has(name) || CONSTRAINT_FUNCTIONS.has(name) || LIBRARY_NAMES.has(name) || RUNTIME_NAMES.has(name);
}

export const HOLE_TYPE_NAMES: ReadonlySet<string> = new Set(["int", "str", "float"]);

/**
 * Python builtins deliberately left out: they reach outside the query (files, the interpreter's
 * own state, dynamic code). Reading one is an error, not an input, unless the host registers it.
 */
export const UNSUPPORTED_BUILTINS: ReadonlySet<string> = new Set([
  "eval", "exec", "compile", "open", "__import__", "globals", "locals", "vars", "setattr", "delattr",
  "breakpoint", "exit", "quit",
]);
