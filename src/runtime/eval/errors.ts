/**
 * Python exceptions raised while evaluating. The interpreter turns a `PyError` into a runtime
 * Diagnostic at `span`. Helpers deep inside (builtins, methods) do not know where they were called
 * from, so they throw unlocated errors and `evaluate` locates them at the innermost expression
 * that let them escape.
 */
import { error, type Diagnostic, type Span } from "../../diagnostics/diagnostic.js";

export type PyErrorType =
  | "NameError"
  | "TypeError"
  | "ValueError"
  | "IndexError"
  | "KeyError"
  | "ZeroDivisionError"
  | "AttributeError"
  | "OverflowError"
  | "MemoryError"
  | "AssertionError"
  | "RecursionError"
  | "NotImplementedError"
  /** Constructs the parser accepts but that cannot run where they stand (a stray `*x`). */
  | "SyntaxError"
  /** A host function failed with a JS error. */
  | "RuntimeError";

const NO_SPAN: Span = { start: 0, end: 0 };

export class PyError extends Error {
  readonly pyType: PyErrorType;
  /** Python's message without the type, e.g. `name 'x' is not defined`. */
  readonly pyMessage: string;
  readonly span: Span;
  /** False until `evaluate` has attached the span of the failing expression. */
  readonly located: boolean;
  /** A suggestion for the user, e.g. "did you mean 'count'?". */
  readonly hint: string | undefined;

  constructor(pyType: PyErrorType, message: string, span?: Span, hint?: string) {
    super(`${pyType}: ${message}`);
    this.name = "PyError";
    this.pyType = pyType;
    this.pyMessage = message;
    this.span = span ?? NO_SPAN;
    this.located = span !== undefined;
    this.hint = hint;
  }

  /** This error located at `span`, unless it already has a location. */
  at(span: Span): PyError {
    return this.located ? this : new PyError(this.pyType, this.pyMessage, span, this.hint);
  }
}

/**
 * A run limit reached inside Python code (time, steps). It travels as a PyError so the evaluator
 * locates it at the innermost expression, but it reports its own E3xx code. Queries have no
 * `try`, so it cannot be caught.
 */
export class LimitError extends PyError {
  readonly code: string;
  constructor(code: string, message: string, hint: string, span?: Span) {
    super("RuntimeError", message, span, hint);
    this.name = "LimitError";
    this.code = code;
  }

  override at(span: Span): PyError {
    return this.located ? this : new LimitError(this.code, this.pyMessage, this.hint ?? "", span);
  }
}

/** Stable diagnostic codes, one per Python error type (E7xx: runtime errors raised by query code). */
export const PY_ERROR_CODES: Readonly<Record<PyErrorType, string>> = {
  NameError: "E701",
  TypeError: "E702",
  ValueError: "E703",
  IndexError: "E704",
  KeyError: "E705",
  ZeroDivisionError: "E706",
  AttributeError: "E707",
  OverflowError: "E708",
  MemoryError: "E709",
  AssertionError: "E710",
  RecursionError: "E711",
  NotImplementedError: "E712",
  SyntaxError: "E713",
  RuntimeError: "E714",
};

/** The runtime Diagnostic for a Python error: `TypeError: ...` at the failing expression. */
export function pyErrorDiagnostic(e: PyError): Diagnostic {
  if (e instanceof LimitError) return error(e.code, e.pyMessage, e.span, e.hint);
  return error(PY_ERROR_CODES[e.pyType], `${e.pyType}: ${e.pyMessage}`, e.span, e.hint);
}

/** The candidate closest to `name` by edit distance, if close enough to be a likely typo. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  for (const c of candidates) {
    if (c === name || c.startsWith("_")) continue;
    const d = editDistance(name, c, bestDistance);
    if (d <= bestDistance && (best === undefined || d < bestDistance)) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed `limit`. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    if (Math.min(...row) > limit) return limit + 1;
    prev = row;
  }
  return prev[b.length];
}
