/**
 * Runtime failures that are the user's to fix (a limit reached, a constraint violated, a missing
 * input): each carries a located Diagnostic with a stable E3xx code. Python errors raised by query
 * code are PyErrors (E7xx) and are converted at the statement that let them escape.
 */
import { error, type Diagnostic, type Span } from "../diagnostics/diagnostic.js";
import { engineLimitError, PyError, pyErrorDiagnostic } from "./eval/index.js";

export const RUNTIME_CODES = {
  /** An input the query reads has no value. */
  missingInput: "E301",
  /** A `def f(...): ...` declaration the host did not provide. */
  missingHostFunction: "E302",
  /** The query's total token budget is spent. */
  queryTokens: "E303",
  /** A hole hit its token limit before its constraint was satisfied. */
  holeTokens: "E304",
  /** A loop ran more iterations than allowed. */
  loopLimit: "E305",
  /** The wall-clock timeout passed. */
  timeout: "E306",
  /** The prompt outgrew the model's context. */
  contextLength: "E307",
  /** A finished value violates a constraint that could only be checked afterwards. */
  constraintViolated: "E308",
  /** A constraint argument has the wrong type (e.g. `X in 3`). */
  constraintArgument: "E309",
  /** Decoding failed (every token masked, the model refused). */
  decoding: "E310",
  /** `[X: fn]` names something that is not a function, or a bad decoder/distribution value. */
  badValue: "E311",
  /** A typed hole's text could not be cast (e.g. `[X: int]` with no digits). */
  cast: "E312",
  /** The run's step budget (loop iterations, comprehension items, calls) is spent. */
  stepLimit: "E313",
  /** A run option (limit) is not a usable number, e.g. `run({ timeoutMs: NaN })`. */
  badLimit: "E314",
} as const;

export class RuntimeFailure extends Error {
  readonly diagnostic: Diagnostic;
  constructor(diagnostic: Diagnostic) {
    super(diagnostic.message);
    this.name = "RuntimeFailure";
    this.diagnostic = diagnostic;
  }
}

export function fail(code: string, message: string, at: Span, hint?: string): RuntimeFailure {
  return new RuntimeFailure(error(code, message, at, hint));
}

/**
 * Any error escaping a statement as a Diagnostic located at `at` when it has no place of its own.
 * Returns undefined for errors that are bugs (they are rethrown by the caller).
 */
export function toDiagnostic(e: unknown, at: Span): Diagnostic | undefined {
  if (e instanceof RuntimeFailure) return e.diagnostic;
  if (e instanceof PyError) return pyErrorDiagnostic(e.located ? e : e.at(at));
  const limit = engineLimitError(e);
  if (limit !== undefined) return pyErrorDiagnostic(limit.at(at));
  return undefined;
}
