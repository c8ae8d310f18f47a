/**
 * What the CST→AST converters share: the source text, the diagnostics sink, and callbacks into
 * parse.ts to parse embedded code (`{...}` and `[...]` in strings, `'''lmql` docstrings), which keeps
 * the converter files free of import cycles.
 */
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import type { Expr, HoleSegment, Query } from "./ast.js";

export interface ConvertContext {
  readonly text: string;
  readonly diagnostics: Diagnostic[];
  /** `text[start, end)` as one expression; an ErrorExpr (with a diagnostic) when it is not one. */
  expressionAt(start: number, end: number): Expr;
  /** The inside of a prompt's `[...]` (between the brackets) as a hole; undefined when it is not one. */
  holeAt(start: number, end: number, span: { start: number; end: number }): HoleSegment | undefined;
  /** `text[start, end)` as a query whose lines all start with `baseIndent` (an lmql docstring). */
  queryAt(start: number, end: number, baseIndent: string): Query;
  /**
   * The query's common indentation: LMQL dedents the query's source before parsing it, so every
   * line of a multi-line string loses it too, and whitespace-only lines inside strings vanish (`"""A joke\n    Q:[JOKE]"""` in an indented
   * body reads `A joke\nQ:[JOKE]`).
   */
  readonly stringIndent: string;
  /** Nesting of string interpolations being converted, to stop runaway recursion. */
  readonly depth: number;
}
