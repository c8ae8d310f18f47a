/**
 * Constraint templates: a hole's `where` terms lowered relative to that hole. A template is not yet
 * a ConstraintSpec because its arguments may be program values (`ANSWER in choices`,
 * `STOPS_AT(X, stop)`); the runtime instantiates it when the hole is reached.
 */
import { unreachable, type Span } from "../diagnostics/diagnostic.js";
import type { LengthOp } from "../constraints/spec.js";
import { constraintFunction, type CallLowering, type CountMeasure } from "../language/index.js";
import type { CompareOp, Expr } from "../syntax/ast.js";
import { namesIn } from "./names.js";

export type TextOp = "stopsAt" | "stopsBefore" | "startsWith" | "endsWith" | "contains" | "equals";
export type LengthMeasure = "char" | CountMeasure;

export type ConstraintTemplate =
  | { readonly kind: "true" }
  | { readonly kind: "int" }
  | { readonly kind: "float" }
  | { readonly kind: "regex"; readonly pattern: Expr; readonly span: Span }
  | { readonly kind: "choice"; readonly options: Expr; readonly span: Span }
  | { readonly kind: "text"; readonly op: TextOp; readonly text: Expr; readonly span: Span }
  | { readonly kind: "length"; readonly measure: LengthMeasure; readonly op: LengthOp; readonly n: Expr; readonly span: Span }
  /** A term that does not mention the hole: a boolean once the names it reads are decided. */
  | { readonly kind: "condition"; readonly expr: Expr; readonly holes: readonly string[] }
  /** Python over the value that no mask can express: checked on the finished value. */
  | { readonly kind: "opaque"; readonly expr: Expr }
  | { readonly kind: "and"; readonly parts: readonly ConstraintTemplate[] }
  | { readonly kind: "or"; readonly parts: readonly ConstraintTemplate[] }
  | { readonly kind: "not"; readonly part: ConstraintTemplate };

export const TRUE_TEMPLATE: ConstraintTemplate = { kind: "true" };

/** Whether any part of the template can only be checked on the finished value. */
export function hasOpaque(t: ConstraintTemplate): boolean {
  switch (t.kind) {
    case "opaque":
      return true;
    case "and":
    case "or":
      return t.parts.some(hasOpaque);
    case "not":
      return hasOpaque(t.part);
    default:
      return false;
  }
}

/** The top-level conjuncts of a `where` expression. */
export function conjuncts(e: Expr): Expr[] {
  return e.kind === "logical" && e.op === "and" ? [...conjuncts(e.left), ...conjuncts(e.right)] : [e];
}

const FLIP: Readonly<Record<LengthOp, LengthOp>> = { "<": ">", ">": "<", "<=": ">=", ">=": "<=", "==": "==", "!=": "!=" };
const LENGTH_OPS: ReadonlySet<string> = new Set(["<", ">", "<=", ">=", "==", "!="]);

/** Lowers one constraint expression relative to hole `self`; `holes` are all hole names of the program. */
export function lowerConstraint(e: Expr, self: string, holes: ReadonlySet<string>): ConstraintTemplate {
  const names = namesIn(e);
  if (!names.has(self)) return { kind: "condition", expr: e, holes: [...names].filter((n) => holes.has(n)) };
  switch (e.kind) {
    case "logical": {
      const parts = [lowerConstraint(e.left, self, holes), lowerConstraint(e.right, self, holes)];
      return { kind: e.op, parts };
    }
    case "unary":
      return e.op === "not" ? { kind: "not", part: lowerConstraint(e.operand, self, holes) } : { kind: "opaque", expr: e };
    case "call":
      return lowerCall(e, self) ?? { kind: "opaque", expr: e };
    case "compare":
      return lowerCompareChain(e, self) ?? { kind: "opaque", expr: e };
    default:
      return { kind: "opaque", expr: e };
  }
}

function isSelf(e: Expr, self: string): boolean {
  return e.kind === "name" && e.name === self;
}

/** An argument that may be evaluated before the hole is decoded: it must not read the hole. */
function valueArg(e: Expr | undefined, self: string): e is Expr {
  return e !== undefined && !namesIn(e).has(self);
}

/** `FN(X, ...)` with the hole first: the template the language table says the call lowers to. */
function lowerCall(e: Expr & { kind: "call" }, self: string): ConstraintTemplate | undefined {
  if (e.args.some((a) => a.kind !== "positional")) return undefined;
  const args = e.args.map((a) => a.value);
  const [first, second] = args;
  if (e.callee.kind === "name" && first !== undefined && isSelf(first, self)) {
    const fn = constraintFunction(e.callee.name);
    if (fn === undefined || args.length !== fn.args.length) return undefined;
    return lowerKnownCall(fn.lowering, second, self, e.span);
  }
  if (e.callee.kind === "attribute" && isSelf(e.callee.object, self) && args.length === 1 && valueArg(first, self)) {
    if (e.callee.name === "startswith") return { kind: "text", op: "startsWith", text: first, span: e.span };
    if (e.callee.name === "endswith") return { kind: "text", op: "endsWith", text: first, span: e.span };
  }
  return undefined;
}

function lowerKnownCall(lowering: CallLowering, second: Expr | undefined, self: string, at: Span): ConstraintTemplate | undefined {
  switch (lowering.kind) {
    case "number":
      return { kind: lowering.type };
    case "regex":
      return valueArg(second, self) ? { kind: "regex", pattern: second, span: at } : undefined;
    case "text":
      return valueArg(second, self) ? { kind: "text", op: lowering.op, text: second, span: at } : undefined;
    // A measure means something only inside `len(...) op n` (lengthMeasure); alone it is Python.
    case "measure":
    case "length":
    case "post-check":
      return undefined;
    default:
      return unreachable(lowering);
  }
}

/** `a < b <= c` is `a < b and b <= c`; each link must lower for the chain to lower. */
function lowerCompareChain(e: Expr & { kind: "compare" }, self: string): ConstraintTemplate | undefined {
  const parts: ConstraintTemplate[] = [];
  let left = e.first;
  for (const link of e.rest) {
    const part = lowerComparison(left, link.op, link.right, self, e.span);
    if (part === undefined) return undefined;
    parts.push(part);
    left = link.right;
  }
  return parts.length === 1 ? parts[0] : { kind: "and", parts };
}

function lowerComparison(left: Expr, op: CompareOp, right: Expr, self: string, at: Span): ConstraintTemplate | undefined {
  const leftLen = lengthMeasure(left, self);
  if (leftLen !== undefined && LENGTH_OPS.has(op) && valueArg(right, self)) return { kind: "length", measure: leftLen, op: op as LengthOp, n: right, span: at };
  const rightLen = lengthMeasure(right, self);
  if (rightLen !== undefined && LENGTH_OPS.has(op) && valueArg(left, self)) return { kind: "length", measure: rightLen, op: FLIP[op as LengthOp], n: left, span: at };
  if (isSelf(left, self) && valueArg(right, self)) {
    if (op === "in") return { kind: "choice", options: right, span: at };
    if (op === "not in") return { kind: "not", part: { kind: "choice", options: right, span: at } };
    if (op === "==") return { kind: "text", op: "equals", text: right, span: at };
    if (op === "!=") return { kind: "not", part: { kind: "text", op: "equals", text: right, span: at } };
  }
  if (isSelf(right, self) && valueArg(left, self)) {
    if (op === "in") return { kind: "text", op: "contains", text: left, span: at };
    if (op === "not in") return { kind: "not", part: { kind: "text", op: "contains", text: left, span: at } };
    if (op === "==") return { kind: "text", op: "equals", text: left, span: at };
    if (op === "!=") return { kind: "not", part: { kind: "text", op: "equals", text: left, span: at } };
  }
  return undefined;
}

/** `len(X)` → chars, `len(TOKENS(X))` → tokens, `len(WORDS(X))` → words (per the language table). */
function lengthMeasure(e: Expr, self: string): LengthMeasure | undefined {
  if (e.kind !== "call" || e.callee.kind !== "name" || constraintFunction(e.callee.name)?.lowering.kind !== "length" || e.args.length !== 1) return undefined;
  const arg = e.args[0]!;
  if (arg.kind !== "positional") return undefined;
  if (isSelf(arg.value, self)) return "char";
  const inner = arg.value;
  if (inner.kind !== "call" || inner.callee.kind !== "name" || inner.args.length !== 1) return undefined;
  const innerArg = inner.args[0]!;
  if (innerArg.kind !== "positional" || !isSelf(innerArg.value, self)) return undefined;
  const lowering = constraintFunction(inner.callee.name)?.lowering;
  return lowering?.kind === "measure" ? lowering.measure : undefined;
}
