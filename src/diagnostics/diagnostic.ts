/** A half-open range of 0-based UTF-16 offsets into a source text. Line/column are computed only when printing. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type Severity = "error" | "warning" | "info";

/**
 * The one type for every user-facing problem, from the lexer to the runtime.
 * `code` is stable (tests and users match on it); `message` is for people.
 */
export interface Diagnostic {
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly span: Span;
  readonly hint?: string;
}

/** What every phase returns: a value (possibly partial) and the problems found on the way. */
export interface PhaseResult<T> {
  readonly value: T;
  readonly diagnostics: readonly Diagnostic[];
}

/** A named source text; `name` is a file path or a label such as `<template>`. */
export interface Source {
  readonly name: string;
  readonly text: string;
}

export function span(start: number, end: number): Span {
  return { start, end };
}

/** The smallest span covering both. */
export function joinSpans(a: Span, b: Span): Span {
  return { start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}

export function error(code: string, message: string, at: Span, hint?: string): Diagnostic {
  return hint === undefined ? { severity: "error", code, message, span: at } : { severity: "error", code, message, span: at, hint };
}

export function warning(code: string, message: string, at: Span, hint?: string): Diagnostic {
  return hint === undefined ? { severity: "warning", code, message, span: at } : { severity: "warning", code, message, span: at, hint };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === "error");
}

/**
 * Thrown only by code that cannot return a value, e.g. the public `run()` API. It always carries
 * what rendering needs: the located diagnostics and the source they point into, so a handler can
 * write `renderDiagnostics(e.diagnostics, e.source)` without checks.
 */
export class LmqlError extends Error {
  readonly diagnostics: readonly Diagnostic[];
  /** The text the diagnostics' spans point into (the query, or `<template>` for the `lmql` tag). */
  readonly source: Source;
  constructor(diagnostics: readonly Diagnostic[], source: Source) {
    super(diagnostics.map((d) => d.message).join("\n"));
    this.name = "LmqlError";
    this.diagnostics = diagnostics;
    this.source = source;
  }
}

/** For exhaustive switches over discriminated unions. */
export function unreachable(x: never): never {
  throw new Error(`unreachable: ${JSON.stringify(x)}`);
}
