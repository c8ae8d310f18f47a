/**
 * Comprehensions: `[e for x in xs if c]`, sets, dicts, and generator expressions (eager, except
 * directly inside `any()`/`all()`, which stop at the deciding element as Python's lazy generators do).
 */
import type { Argument, ComprehensionExpr, Expr } from "../../syntax/ast.js";
import { unreachable } from "../../diagnostics/diagnostic.js";
import { assignTarget } from "./assign.js";
import { ALL, ANY } from "./builtins.js";
import { PyError } from "./errors.js";
import { evaluate, type EvalContext } from "./evaluate.js";
import type { Scope } from "./scope.js";
import { MAX_SEQUENCE_LENGTH, iterate, tooLong } from "./sequence.js";
import { PyDict, PyRange, PySet, truthy, type Value } from "./value.js";

/** Receives each element (and, for a dict, its value); returns false to stop early. */
type Sink = (element: Value, value: Value | undefined) => boolean;

/** Runs a comprehension's loops, handing each element to `sink`. */
async function runComprehension(e: ComprehensionExpr, scope: Scope, ctx: EvalContext, sink: Sink, lazy = false): Promise<void> {
  // Like Python 3, the loop variables live in the comprehension's own scope and do not leak.
  const inner = scope.child();
  const visit = async (depth: number): Promise<boolean> => {
    if (depth === e.clauses.length) {
      const element = await evaluate(e.element, inner, ctx);
      return sink(element, e.form === "dict" ? await evaluate(e.value ?? e.element, inner, ctx) : undefined);
    }
    const clause = e.clauses[depth];
    // The first iterable is evaluated in the enclosing scope, as in Python.
    const iterable = await evaluate(clause.iter, depth === 0 ? scope : inner, ctx);
    // An eager comprehension always runs to the end: refuse a range it could never hold.
    if (!lazy && iterable instanceof PyRange && iterable.length > MAX_SEQUENCE_LENGTH) throw tooLong().at(clause.iter.span);
    for (const item of iterateLocated(iterable, clause.iter)) {
      ctx.tick?.();
      await assignTarget(clause.target, item, inner, ctx);
      if ((await conditionsHold(clause.conditions, inner, ctx)) && !(await visit(depth + 1))) return false;
    }
    return true;
  };
  await visit(0);
}

async function conditionsHold(conditions: readonly Expr[], scope: Scope, ctx: EvalContext): Promise<boolean> {
  for (const cond of conditions) if (!truthy(await evaluate(cond, scope, ctx))) return false;
  return true;
}

function capped(size: number): true {
  if (size > MAX_SEQUENCE_LENGTH) throw tooLong();
  return true;
}

export async function evalComprehension(e: ComprehensionExpr, scope: Scope, ctx: EvalContext): Promise<Value> {
  switch (e.form) {
    case "list":
    // Outside any()/all(), a generator is evaluated eagerly into a list: queries consume them at once.
    case "generator": {
      const items: Value[] = [];
      await runComprehension(e, scope, ctx, (x) => capped(items.push(x)));
      return items;
    }
    case "set": {
      // Members are hashed as they come, so an unhashable one fails where Python fails.
      const members = new PySet();
      await runComprehension(e, scope, ctx, (x) => (members.add(x), capped(members.size)));
      return members;
    }
    case "dict": {
      const dict = new PyDict();
      await runComprehension(e, scope, ctx, (k, v) => (dict.set(k, v as Value), capped(dict.size)));
      return dict;
    }
    default:
      return unreachable(e.form);
  }
}

/** `any(g)` / `all(g)` over a generator expression: stop at the first deciding element, as Python does. */
export function lazyShortCircuit(callee: Value, args: readonly Argument[]): { readonly gen: ComprehensionExpr; readonly want: boolean } | undefined {
  if ((callee !== ANY && callee !== ALL) || args.length !== 1 || args[0].kind !== "positional") return undefined;
  const gen = args[0].value;
  if (gen.kind !== "comprehension" || gen.form !== "generator") return undefined;
  return { gen, want: callee === ANY };
}

export async function shortCircuit(gen: ComprehensionExpr, want: boolean, scope: Scope, ctx: EvalContext): Promise<boolean> {
  let decided = false;
  await runComprehension(gen, scope, ctx, (x) => {
    decided = truthy(x) === want;
    return !decided;
  }, true);
  return decided ? want : !want;
}

function* iterateLocated(v: Value, at: Expr): Generator<Value, void, undefined> {
  try {
    yield* iterate(v);
  } catch (err) {
    throw err instanceof PyError && !err.located ? err.at(at.span) : err;
  }
}
