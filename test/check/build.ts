/**
 * Hand-built ASTs for checker tests that must not depend on the parser. Spans are found in a
 * source text by searching for a snippet, so a test can say "reported at `ANSWR`".
 */
import type { Span } from "../../src/diagnostics/diagnostic.js";
import type { Argument, CompareOp, DecoderClause, Expr, HoleSegment, HoleType, PromptSegment, PromptStmt, Query, Stmt } from "../../src/syntax/ast.js";

export const S: Span = { start: 0, end: 0 };

/** Span of the `nth` occurrence of `needle` in `text`. */
export function spanOf(text: string, needle: string, nth = 0): Span {
  let from = 0;
  for (let i = 0; ; i++) {
    const at = text.indexOf(needle, from);
    if (at < 0) throw new Error(`'${needle}' (#${nth}) not in test source`);
    if (i === nth) return { start: at, end: at + needle.length };
    from = at + 1;
  }
}

export const name = (n: string, span: Span = S): Expr => ({ kind: "name", name: n, span });
export const str = (value: string, span: Span = S): Expr => ({ kind: "string", value, raw: false, span });
export const num = (value: number, span: Span = S): Expr => ({ kind: "number", value, isFloat: !Number.isInteger(value), span });
export const list = (elements: Expr[], span: Span = S): Expr => ({ kind: "list", elements, span });
export const pos = (value: Expr): Argument => ({ kind: "positional", value, span: value.span });
export const kw = (n: string, value: Expr, nameSpan: Span = S): Argument => ({ kind: "keyword", name: n, nameSpan, value, span: S });
export const call = (callee: string | Expr, args: (Expr | Argument)[], span: Span = S): Expr & { kind: "call" } => ({
  kind: "call",
  callee: typeof callee === "string" ? name(callee) : callee,
  args: args.map((a) => (a.kind === "positional" || a.kind === "keyword" ? (a as Argument) : pos(a as Expr))),
  span,
});
export const attr = (object: Expr, n: string): Expr => ({ kind: "attribute", object, name: n, nameSpan: S, span: S });
export const cmp = (first: Expr, op: CompareOp, right: Expr, span: Span = S): Expr => ({ kind: "compare", first, rest: [{ op, right, opSpan: S }], span });
export const and = (left: Expr, right: Expr): Expr => ({ kind: "logical", op: "and", left, right, span: S });
export const or = (left: Expr, right: Expr): Expr => ({ kind: "logical", op: "or", left, right, span: S });
export const neg = (operand: Expr): Expr => ({ kind: "unary", op: "-", operand, span: S });

export const text = (t: string): PromptSegment => ({ kind: "text", text: t, span: S });
export const interp = (expr: Expr): PromptSegment => ({ kind: "interpolation", expr, span: S });
export function hole(n: string, nameSpan: Span = S, type?: HoleType): HoleSegment {
  return type === undefined ? { kind: "hole", name: n, nameSpan, decorators: [], span: nameSpan } : { kind: "hole", name: n, nameSpan, type, decorators: [], span: nameSpan };
}
export const typename = (n: string, span: Span = S): HoleType => ({ kind: "typename", name: n, span });
export const regexType = (pattern: string, patternSpan: Span): HoleType => ({ kind: "regex", pattern, patternSpan, span: patternSpan });

export function prompt(segments: PromptSegment[], where?: Expr, span: Span = S): PromptStmt {
  const quote = { prefix: "", delimiter: '"' };
  return where === undefined ? { kind: "prompt", segments, quote, span } : { kind: "prompt", segments, quote, where, span };
}
export const exprStmt = (expr: Expr): Stmt => ({ kind: "expr", expr, span: expr.span });
export const assign = (target: string, value: Expr): Stmt => ({ kind: "assign", targets: [name(target)], value, span: S });
export const forStmt = (target: string, iter: Expr, body: Stmt[]): Stmt => ({ kind: "for", target: name(target), iter, body, span: S });
export const whileStmt = (test: Expr, body: Stmt[]): Stmt => ({ kind: "while", test, body, span: S });
export const brk = (span: Span = S): Stmt => ({ kind: "break", span });
export const ret = (value?: Expr): Stmt => (value === undefined ? { kind: "return", span: S } : { kind: "return", value, span: S });
export function def(n: string, params: string[], body: Stmt[], decorators: Expr[] = []): Stmt {
  return {
    kind: "def",
    name: n,
    nameSpan: S,
    params: params.map((p) => ({ name: p, span: S })),
    body,
    isAsync: false,
    decorators,
    lmqlDocstring: false,
    span: S,
  };
}
export const decoder = (n: string, args: Argument[] = [], nameSpan: Span = S): DecoderClause => ({ name: n, nameSpan, args, span: S });

export function query(body: Stmt[], clauses: Partial<Omit<Query, "kind" | "body" | "span">> = {}): Query {
  return { kind: "query", body, span: S, ...clauses };
}
