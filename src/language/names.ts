/** Names every query may read without defining them, and the ones it may not. */
import { CONSTRAINT_FUNCTIONS } from "./constraint-functions.js";

/**
 * Python builtins the evaluator provides (plus the type names usable as values); the run time's
 * `createBuiltins` binds each of them (test/language/one-definition.test.ts).
 */
export const BUILTINS: ReadonlySet<string> = new Set([
  "range", "len", "str", "int", "float", "list", "dict", "set", "tuple", "enumerate", "zip", "print",
  "sorted", "reversed", "min", "max", "sum", "abs", "round", "isinstance", "type", "any", "all", "map",
  "filter", "input", "bool", "repr", "ord", "chr", "ascii", "format", "callable", "hex", "oct", "bin",
  "divmod", "pow", "getattr", "hasattr", "object",
]);

/**
 * Python builtins deliberately left out: they reach outside the query (files, the interpreter's
 * own state, dynamic code). Reading one is an error, not an input, unless the host registers it.
 */
export const UNSUPPORTED_BUILTINS: ReadonlySet<string> = new Set([
  "eval", "exec", "compile", "open", "__import__", "globals", "locals", "vars", "setattr", "delattr",
  "breakpoint", "exit", "quit",
]);

/** LMQL's own library: `lmql.model(...)`, `@lmql.query`; `import lmql` is accepted as a no-op. */
export const LIBRARY_NAMES: ReadonlySet<string> = new Set(["lmql"]);

/** `[X: int]`, `[X: str]`, `[X: float]`: the value is cast to this type. */
export const HOLE_TYPE_NAMES = ["int", "str", "float"] as const;
export type HoleTypeName = (typeof HOLE_TYPE_NAMES)[number];

export function isHoleTypeName(name: string): name is HoleTypeName {
  return (HOLE_TYPE_NAMES as readonly string[]).includes(name);
}

/** Chat roles of `{:system}`, `{:user}`, `{:assistant}`: what chat templates know. */
export const CHAT_ROLES = ["system", "user", "assistant"] as const;

/** What LMQL binds in every query at run time: `context` (the prompt so far, the values decided). */
export const RUNTIME_NAMES: ReadonlySet<string> = new Set(["context"]);

export function isKnownGlobal(name: string): boolean {
  return BUILTINS.has(name) || Object.hasOwn(CONSTRAINT_FUNCTIONS, name) || LIBRARY_NAMES.has(name) || RUNTIME_NAMES.has(name);
}
