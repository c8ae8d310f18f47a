/**
 * Turns a hole's constraint template into a ConstraintSpec when the hole is reached: arguments
 * are evaluated in the current scope, terms about other holes become true/false once those holes
 * are decided. A part that cannot be a mask (Python over the value, or a term about a hole not yet
 * decided) is "unknown" and masks nothing; the hole's post-checks cover the Python parts.
 */
import { sentenceCountSpec } from "../constraints/sentences.js";
import type { ConstraintSpec, LengthOp } from "../constraints/spec.js";
import { unreachable, type Span } from "../diagnostics/diagnostic.js";
import type { ConstraintTemplate, LengthMeasure, TextOp } from "../ir/constraint-template.js";
import type { Expr } from "../syntax/ast.js";
import { namesIn } from "../ir/names.js";
import { evaluate, iterate, pyStr, truthy, typeName, type EvalContext, type Scope, type Value } from "./eval/index.js";
import { fail, RUNTIME_CODES } from "./runtime-error.js";

export interface InstantiateContext {
  /** Where constraint arguments and conditions are evaluated (the constraint functions bound). */
  readonly scope: Scope;
  readonly eval: EvalContext;
  /** Whether hole `name` has a value yet. */
  isDecided(name: string): boolean;
}

type Partial = ConstraintSpec | "unknown";

export async function instantiate(t: ConstraintTemplate, cx: InstantiateContext): Promise<ConstraintSpec> {
  const spec = await partial(t, cx);
  return spec === "unknown" ? { kind: "true" } : spec;
}

async function partial(t: ConstraintTemplate, cx: InstantiateContext): Promise<Partial> {
  switch (t.kind) {
    case "true":
    case "int":
    case "float":
      return { kind: t.kind };
    case "regex":
      if (pending(t.pattern, cx)) return "unknown";
      return { kind: "regex", pattern: await stringArg(t.pattern, cx, "REGEX pattern", t.span) };
    case "choice":
      if (pending(t.options, cx)) return "unknown";
      return { kind: "choice", options: await choiceOptions(t.options, cx, t.span) };
    case "text":
      if (pending(t.text, cx)) return "unknown";
      if (t.op === "startsWith") return startsWithSpec(await evaluate(t.text, cx.scope, cx.eval), t.text, t.span);
      return textSpec(t.op, await stringArg(t.text, cx, "constraint text", t.span));
    case "length":
      if (pending(t.n, cx)) return "unknown";
      return lengthSpec(t.measure, t.op, await countArg(t.n, cx, t.span));
    case "condition":
      if (!t.holes.every((h) => cx.isDecided(h))) return "unknown";
      return { kind: truthy(await evaluate(t.expr, cx.scope, cx.eval)) ? "true" : "false" };
    case "opaque":
      return "unknown";
    case "and":
      return andOf(await Promise.all(t.parts.map((p) => partial(p, cx))));
    case "or":
      return orOf(await Promise.all(t.parts.map((p) => partial(p, cx))));
    case "not": {
      const inner = await partial(t.part, cx);
      if (inner === "unknown") return "unknown";
      if (inner.kind === "true" || inner.kind === "false") return { kind: inner.kind === "true" ? "false" : "true" };
      return { kind: "not", part: inner };
    }
    default:
      return unreachable(t);
  }
}

/**
 * An argument that reads a hole not decoded yet (`len(B) < len(A)` while decoding A): the term
 * masks nothing now; the later hole's mask enforces it.
 */
function pending(e: Parameters<typeof evaluate>[0], cx: InstantiateContext): boolean {
  return [...namesIn(e)].some((n) => !cx.scope.has(n) && !cx.isDecided(n));
}

/** Unknown parts of an `and` are dropped: the rest still restricts the value soundly. */
function andOf(parts: readonly Partial[]): ConstraintSpec {
  const known = parts.filter((p): p is ConstraintSpec => p !== "unknown" && p.kind !== "true");
  if (known.some((p) => p.kind === "false")) return { kind: "false" };
  return known.length === 0 ? { kind: "true" } : known.length === 1 ? known[0]! : { kind: "and", parts: known };
}

/** One unknown alternative may be the one that holds: then nothing can be masked. */
function orOf(parts: readonly Partial[]): Partial {
  if (parts.includes("unknown")) return "unknown";
  const specs = parts as readonly ConstraintSpec[];
  if (specs.some((p) => p.kind === "true")) return { kind: "true" };
  const live = specs.filter((p) => p.kind !== "false");
  return live.length === 0 ? { kind: "false" } : live.length === 1 ? live[0]! : { kind: "or", parts: live };
}

function textSpec(op: TextOp, text: string): ConstraintSpec {
  switch (op) {
    case "stopsAt":
      return { kind: "stopsAt", stop: text };
    case "stopsBefore":
      return { kind: "stopsBefore", stop: text };
    case "startsWith":
      return { kind: "startsWith", prefix: text };
    case "endsWith":
      return { kind: "endsWith", suffix: text };
    case "contains":
      return { kind: "contains", text };
    case "equals":
      return { kind: "equals", text };
    default:
      return unreachable(op);
  }
}

/** `STARTS_WITH(X, p)` / `X.startswith(p)`: `p` is a string or, as in LMQL and Python, several. */
function startsWithSpec(v: Value, e: Expr, at: Span): ConstraintSpec {
  if (typeof v === "string") return { kind: "startsWith", prefix: v };
  const where = e.span.end > e.span.start ? e.span : at;
  let items: Value[];
  try {
    items = typeof v === "object" && v !== null && (Array.isArray(v) || v.kind === "tuple") ? [...iterate(v)] : [];
  } catch {
    items = [];
  }
  if (items.length === 0 || items.some((x) => typeof x !== "string")) {
    throw fail(RUNTIME_CODES.constraintArgument, `a prefix must be a string or a list of strings, got ${typeName(v)} ${pyStr(v)}`, where);
  }
  const parts: ConstraintSpec[] = (items as string[]).map((prefix) => ({ kind: "startsWith", prefix }));
  return parts.length === 1 ? parts[0]! : { kind: "or", parts };
}

function lengthSpec(measure: LengthMeasure, op: LengthOp, n: number): ConstraintSpec {
  switch (measure) {
    case "char":
      return { kind: "charLength", op, n };
    case "token":
      return { kind: "tokenLength", op, n };
    case "word":
      return { kind: "wordLength", op, n };
    case "sentence":
      return sentenceCountSpec(op, n);
    default:
      return unreachable(measure);
  }
}

async function stringArg(e: Parameters<typeof evaluate>[0], cx: InstantiateContext, what: string, at: Span): Promise<string> {
  const v = await evaluate(e, cx.scope, cx.eval);
  if (typeof v !== "string") throw fail(RUNTIME_CODES.constraintArgument, `${what} must be a string, got ${typeName(v)} ${pyStr(v)}`, e.span.end > e.span.start ? e.span : at);
  return v;
}

async function countArg(e: Parameters<typeof evaluate>[0], cx: InstantiateContext, at: Span): Promise<number> {
  const v: Value = await evaluate(e, cx.scope, cx.eval);
  if (typeof v !== "number" || !Number.isInteger(v)) throw fail(RUNTIME_CODES.constraintArgument, `a length bound must be an int, got ${typeName(v)} ${pyStr(v)}`, e.span.end > e.span.start ? e.span : at);
  return v;
}

async function choiceOptions(e: Parameters<typeof evaluate>[0], cx: InstantiateContext, at: Span): Promise<string[]> {
  const v = await evaluate(e, cx.scope, cx.eval);
  const where = e.span.end > e.span.start ? e.span : at;
  let items: Value[];
  try {
    items = [...iterate(v)];
  } catch {
    throw fail(RUNTIME_CODES.constraintArgument, `'X in ...' needs a list of strings, got ${typeName(v)}`, where);
  }
  const bad = items.find((x) => typeof x !== "string");
  if (bad !== undefined) throw fail(RUNTIME_CODES.constraintArgument, `'X in ...' needs a list of strings; it holds ${typeName(bad)} ${pyStr(bad)}`, where, "convert the options with str(...)");
  return items as string[];
}
