/**
 * Python exceptions raised while evaluating. The interpreter turns a `PyError` into a runtime
 * Diagnostic at `span`. Helpers deep inside (builtins, methods) do not know where they were called
 * from, so they throw unlocated errors and `evaluate` locates them at the innermost expression
 * that let them escape.
 */
import type { Span } from "../../diagnostics/diagnostic.js";

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

  constructor(pyType: PyErrorType, message: string, span?: Span) {
    super(`${pyType}: ${message}`);
    this.name = "PyError";
    this.pyType = pyType;
    this.pyMessage = message;
    this.span = span ?? NO_SPAN;
    this.located = span !== undefined;
  }

  /** This error located at `span`, unless it already has a location. */
  at(span: Span): PyError {
    return this.located ? this : new PyError(this.pyType, this.pyMessage, span);
  }
}

export function typeError(message: string): PyError {
  return new PyError("TypeError", message);
}

export function valueError(message: string): PyError {
  return new PyError("ValueError", message);
}
