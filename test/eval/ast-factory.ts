/** Small factories for hand-built expression ASTs (spans are dummies unless a test cares). */
import type { Argument, BinaryOp, CompareOp, ComprehensionClause, Expr, FStringPart, Param, Span, UnaryOp } from "../../src/syntax/ast.js";

export const S: Span = { start: 0, end: 0 };

export type E = Expr | number | string | boolean | null;

/** Literals lift: numbers → int (use `flt` for floats), strings → str, booleans/null → constants. */
export function lift(e: E): Expr {
  if (typeof e === "number") return { kind: "number", value: e, isFloat: false, span: S };
  if (typeof e === "string") return { kind: "string", value: e, raw: false, span: S };
  if (typeof e === "boolean" || e === null) return { kind: "constant", value: e, span: S };
  return e;
}

export const name = (n: string, span: Span = S): Expr => ({ kind: "name", name: n, span });
export const flt = (value: number): Expr => ({ kind: "number", value, isFloat: true, span: S });
export const list = (...xs: E[]): Expr => ({ kind: "list", elements: xs.map(lift), span: S });
export const tuple = (...xs: E[]): Expr => ({ kind: "tuple", elements: xs.map(lift), span: S });
export const set = (...xs: E[]): Expr => ({ kind: "set", elements: xs.map(lift), span: S });
export const dict = (...kvs: [E, E][]): Expr => ({ kind: "dict", entries: kvs.map(([k, v]) => ({ key: lift(k), value: lift(v), span: S })), span: S });
export const star = (x: E): Expr => ({ kind: "starred", expr: lift(x), span: S });
export const attr = (o: E, n: string): Expr => ({ kind: "attribute", object: lift(o), name: n, nameSpan: S, span: S });

export type A = E | { kw: string; value: E } | { star: E } | { dstar: E };
function arg(a: A): Argument {
  if (a !== null && typeof a === "object" && "kw" in a) return { kind: "keyword", name: a.kw, nameSpan: S, value: lift(a.value), span: S };
  if (a !== null && typeof a === "object" && "star" in a) return { kind: "star", value: lift(a.star), span: S };
  if (a !== null && typeof a === "object" && "dstar" in a) return { kind: "doublestar", value: lift(a.dstar), span: S };
  return { kind: "positional", value: lift(a as E), span: S };
}
export const call = (callee: E, ...args: A[]): Expr => ({ kind: "call", callee: typeof callee === "string" ? name(callee) : lift(callee), args: args.map(arg), span: S });
/** `obj.method(args)`. */
export const method = (obj: E, m: string, ...args: A[]): Expr => ({ kind: "call", callee: attr(obj, m), args: args.map(arg), span: S });
export const kw = (k: string, value: E) => ({ kw: k, value });
export const index = (o: E, i: E): Expr => ({ kind: "index", object: lift(o), index: lift(i), span: S });
export const slice = (o: E, lower?: E, upper?: E, step?: E): Expr => ({
  kind: "index",
  object: lift(o),
  index: { kind: "slice", lower: lower === undefined ? undefined : lift(lower), upper: upper === undefined ? undefined : lift(upper), step: step === undefined ? undefined : lift(step), span: S },
  span: S,
});
export const bin = (op: BinaryOp, l: E, r: E, span: Span = S): Expr => ({ kind: "binary", op, left: lift(l), right: lift(r), span });
export const un = (op: UnaryOp, x: E): Expr => ({ kind: "unary", op, operand: lift(x), span: S });
export const and = (l: E, r: E): Expr => ({ kind: "logical", op: "and", left: lift(l), right: lift(r), span: S });
export const or = (l: E, r: E): Expr => ({ kind: "logical", op: "or", left: lift(l), right: lift(r), span: S });
export const cmp = (first: E, ...rest: [CompareOp, E][]): Expr => ({ kind: "compare", first: lift(first), rest: rest.map(([op, r]) => ({ op, right: lift(r), opSpan: S })), span: S });
export const cond = (test: E, then: E, otherwise: E): Expr => ({ kind: "conditional", test: lift(test), then: lift(then), otherwise: lift(otherwise), span: S });
export const param = (n: string, dflt?: E, starKind?: "*" | "**"): Param => ({ name: n, default: dflt === undefined ? undefined : lift(dflt), star: starKind, span: S });
export const lambda = (params: (string | Param)[], body: E): Expr => ({ kind: "lambda", params: params.map((p) => (typeof p === "string" ? param(p) : p)), body: lift(body), span: S });
export const clause = (target: E, iter: E, ...conditions: E[]): ComprehensionClause => ({ target: typeof target === "string" ? name(target) : lift(target), iter: lift(iter), conditions: conditions.map(lift), span: S });
export const comp = (form: "list" | "set" | "generator", element: E, ...clauses: ComprehensionClause[]): Expr => ({ kind: "comprehension", form, element: lift(element), clauses, span: S });
export const dictComp = (key: E, value: E, ...clauses: ComprehensionClause[]): Expr => ({ kind: "comprehension", form: "dict", element: lift(key), value: lift(value), clauses, span: S });
export const awaitE = (x: E): Expr => ({ kind: "await", expr: lift(x), span: S });

/** An f-string: plain strings are text, `[expr, spec?, conversion?]` are interpolations. */
export function fstr(...parts: (string | [E, string?, ("r" | "s" | "a")?])[]): Expr {
  const ps: FStringPart[] = parts.map((p) =>
    typeof p === "string" ? { kind: "text", text: p, span: S } : { kind: "interpolation", expr: lift(p[0]), formatSpec: p[1], conversion: p[2], span: S },
  );
  return { kind: "fstring", parts: ps, span: S };
}
