/** Assignment targets: names, tuple/list unpacking (with one `*rest`), subscripts, slices, attributes. */
import type { AugOp, Expr } from "../../syntax/ast.js";
import { getAttribute, setAttribute } from "./attributes.js";
import { PyError } from "./errors.js";
import { evaluate, type EvalContext } from "./evaluate.js";
import { augmentedOp } from "./operators.js";
import type { Scope } from "./scope.js";
import { getItem, getSlice, setItem, setSlice, toArray, type SliceBounds } from "./sequence.js";
import type { Value } from "./value.js";

/** Binds `value` to `target` as `target = value` would. */
export async function assignTarget(target: Expr, value: Value, scope: Scope, ctx: EvalContext): Promise<void> {
  try {
    await assign(target, value, scope, ctx);
  } catch (e) {
    throw e instanceof PyError && !e.located ? e.at(target.span) : e;
  }
}

async function assign(target: Expr, value: Value, scope: Scope, ctx: EvalContext): Promise<void> {
  switch (target.kind) {
    case "name":
      scope.set(target.name, value);
      return;
    case "tuple":
    case "list":
      return unpack(target.elements, value, scope, ctx);
    case "index": {
      const obj = await evaluate(target.object, scope, ctx);
      if (target.index.kind === "slice") setSlice(obj, await sliceBounds(target.index, scope, ctx), value);
      else setItem(obj, await evaluate(target.index, scope, ctx), value);
      return;
    }
    case "attribute":
      setAttribute(await evaluate(target.object, scope, ctx), target.name, value);
      return;
    case "starred":
      throw new PyError("SyntaxError", "starred assignment target must be in a list or tuple");
    default:
      throw new PyError("SyntaxError", `cannot assign to ${describe(target)}`);
  }
}

function describe(e: Expr): string {
  switch (e.kind) {
    case "call":
      return "function call";
    case "number":
    case "string":
    case "fstring":
    case "constant":
    case "ellipsis":
      return "literal";
    default:
      return "expression";
  }
}

async function sliceBounds(s: Expr & { kind: "slice" }, scope: Scope, ctx: EvalContext): Promise<SliceBounds> {
  const opt = (x: Expr | undefined) => (x === undefined ? Promise.resolve(undefined) : evaluate(x, scope, ctx));
  return { lower: await opt(s.lower), upper: await opt(s.upper), step: await opt(s.step) };
}

async function unpack(targets: readonly Expr[], value: Value, scope: Scope, ctx: EvalContext): Promise<void> {
  const items = toArray(value);
  const star = targets.findIndex((t) => t.kind === "starred");
  if (star < 0) {
    if (items.length > targets.length) throw new PyError("ValueError", `too many values to unpack (expected ${targets.length})`);
    if (items.length < targets.length) throw new PyError("ValueError", `not enough values to unpack (expected ${targets.length}, got ${items.length})`);
    for (let i = 0; i < targets.length; i++) await assignTarget(targets[i], items[i], scope, ctx);
    return;
  }
  const after = targets.length - star - 1;
  if (items.length < targets.length - 1) {
    throw new PyError("ValueError", `not enough values to unpack (expected at least ${targets.length - 1}, got ${items.length})`);
  }
  for (let i = 0; i < star; i++) await assignTarget(targets[i], items[i], scope, ctx);
  const starred = targets[star] as Expr & { kind: "starred" };
  await assignTarget(starred.expr, items.slice(star, items.length - after), scope, ctx);
  for (let i = 0; i < after; i++) await assignTarget(targets[star + 1 + i], items[items.length - after + i], scope, ctx);
}

/**
 * `target op= value`: the target's object and index are evaluated once; lists, sets and dicts
 * change in place.
 */
export async function augAssign(target: Expr, op: AugOp, valueExpr: Expr, scope: Scope, ctx: EvalContext): Promise<void> {
  try {
    await augment(target, op, valueExpr, scope, ctx);
  } catch (e) {
    throw e instanceof PyError && !e.located ? e.at(target.span) : e;
  }
}

async function augment(target: Expr, op: AugOp, valueExpr: Expr, scope: Scope, ctx: EvalContext): Promise<void> {
  switch (target.kind) {
    case "name": {
      const old = await evaluate(target, scope, ctx);
      scope.set(target.name, augmentedOp(op, old, await evaluate(valueExpr, scope, ctx)));
      return;
    }
    case "index": {
      const obj = await evaluate(target.object, scope, ctx);
      if (target.index.kind === "slice") {
        const b = await sliceBounds(target.index, scope, ctx);
        setSlice(obj, b, augmentedOp(op, getSlice(obj, b), await evaluate(valueExpr, scope, ctx)));
        return;
      }
      const key = await evaluate(target.index, scope, ctx);
      setItem(obj, key, augmentedOp(op, getItem(obj, key), await evaluate(valueExpr, scope, ctx)));
      return;
    }
    case "attribute": {
      const obj = await evaluate(target.object, scope, ctx);
      setAttribute(obj, target.name, augmentedOp(op, getAttribute(obj, target.name), await evaluate(valueExpr, scope, ctx)));
      return;
    }
    default:
      throw new PyError("SyntaxError", `'${describe(target)}' is an illegal expression for augmented assignment`);
  }
}
