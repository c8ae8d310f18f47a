/**
 * The constraint functions of `where` clauses, once: what the checker accepts (arguments, usage for
 * hints), how the lowering turns a call into a mask template, and what the call computes on a
 * finished value at run time. The checker, `ir/constraint-template.ts` and
 * `runtime/constraint-functions.ts` all read this table; test/language/one-definition.test.ts fails
 * when one of them drifts from it.
 */

/**
 * What an argument must be: the hole constrained, a string, a string or a list of strings
 * (`STARTS_WITH(X, ["A", "B"])`), a Python regex, or any value.
 */
export type ArgKind = "hole" | "string" | "strings" | "pattern" | "any";

/** What `len(F(X))` counts for a measuring function F. */
export type CountMeasure = "token" | "word" | "sentence";

/** Mask templates a call lowers to when its first argument is the hole (`ir/constraint-template.ts`). */
export type CallLowering =
  /** `INT(X)` / `FLOAT(X)`: the value is a number literal. */
  | { readonly kind: "number"; readonly type: "int" | "float" }
  /** `REGEX(X, p)`: the whole value matches `p` (Python syntax). */
  | { readonly kind: "regex" }
  /** `STOPS_AT(X, s)` and friends: a literal relation between the value and the string. */
  | { readonly kind: "text"; readonly op: "stopsAt" | "stopsBefore" | "startsWith" }
  /** `len(F(X)) op n`: a counter beside the mask (tokens, words) or a counting automaton (sentences). */
  | { readonly kind: "measure"; readonly measure: CountMeasure }
  /** `len(X)`: characters when its argument is the hole itself. */
  | { readonly kind: "length" }
  /** No mask: every term using it is checked on the finished value. */
  | { readonly kind: "post-check" };

/** Where the run time finds the function: bound beside the builtins for `where`, or a builtin. */
export type RuntimeBinding = "constraint" | "builtin";

export interface ConstraintFunction {
  readonly args: readonly ArgKind[];
  /** The arguments as a user would write them, for hints: `REGEX(X, r"[0-9]+")`. */
  readonly usage: string;
  readonly lowering: CallLowering;
  readonly runtime: RuntimeBinding;
  /** A complete `where` term over hole `X` using the function (documentation and tests). */
  readonly example: string;
}

export const CONSTRAINT_FUNCTIONS = {
  TOKENS: { args: ["hole"], usage: "X", lowering: { kind: "measure", measure: "token" }, runtime: "constraint", example: "len(TOKENS(X)) < 5" },
  WORDS: { args: ["hole"], usage: "X", lowering: { kind: "measure", measure: "word" }, runtime: "constraint", example: "len(WORDS(X)) < 3" },
  SENTENCES: { args: ["hole"], usage: "X", lowering: { kind: "measure", measure: "sentence" }, runtime: "constraint", example: "len(SENTENCES(X)) < 2" },
  INT: { args: ["hole"], usage: "X", lowering: { kind: "number", type: "int" }, runtime: "constraint", example: "INT(X)" },
  FLOAT: { args: ["hole"], usage: "X", lowering: { kind: "number", type: "float" }, runtime: "constraint", example: "FLOAT(X)" },
  REGEX: { args: ["hole", "pattern"], usage: 'X, r"[0-9]+"', lowering: { kind: "regex" }, runtime: "constraint", example: 'REGEX(X, r"[0-9]+")' },
  STOPS_AT: { args: ["hole", "string"], usage: 'X, "\\n"', lowering: { kind: "text", op: "stopsAt" }, runtime: "constraint", example: 'STOPS_AT(X, "\\n")' },
  STOPS_BEFORE: { args: ["hole", "string"], usage: 'X, "\\n"', lowering: { kind: "text", op: "stopsBefore" }, runtime: "constraint", example: 'STOPS_BEFORE(X, "\\n")' },
  // LMQL registers the lower-case spellings of its stopping operators too (ops.py).
  stops_at: { args: ["hole", "string"], usage: 'X, "\\n"', lowering: { kind: "text", op: "stopsAt" }, runtime: "constraint", example: 'stops_at(X, "\\n")' },
  stops_before: { args: ["hole", "string"], usage: 'X, "\\n"', lowering: { kind: "text", op: "stopsBefore" }, runtime: "constraint", example: 'stops_before(X, "\\n")' },
  STARTS_WITH: { args: ["hole", "strings"], usage: 'X, "A"', lowering: { kind: "text", op: "startsWith" }, runtime: "constraint", example: 'STARTS_WITH(X, "A")' },
  len: { args: ["any"], usage: "X", lowering: { kind: "length" }, runtime: "builtin", example: "len(X) < 10" },
} as const satisfies Readonly<Record<string, ConstraintFunction>>;

export type ConstraintFunctionName = keyof typeof CONSTRAINT_FUNCTIONS;

export const CONSTRAINT_FUNCTION_NAMES: readonly ConstraintFunctionName[] = Object.keys(CONSTRAINT_FUNCTIONS) as ConstraintFunctionName[];

/** The table entry for `name`, when it is a constraint function. */
export function constraintFunction(name: string): ConstraintFunction | undefined {
  return Object.hasOwn(CONSTRAINT_FUNCTIONS, name) ? CONSTRAINT_FUNCTIONS[name as ConstraintFunctionName] : undefined;
}

/** The functions bound beside the builtins while a `where` clause is evaluated. */
export type BoundConstraintFunction = {
  [K in ConstraintFunctionName]: (typeof CONSTRAINT_FUNCTIONS)[K]["runtime"] extends "constraint" ? K : never;
}[ConstraintFunctionName];
