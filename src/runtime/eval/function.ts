/** User-defined functions: the Callable the interpreter makes for a `def`, with Python's binding rules. */
import type { Param } from "../../syntax/ast.js";
import { bindArguments } from "./call.js";
import { evaluateDefaults, withCallDepth, type EvalContext } from "./evaluate.js";
import type { Scope } from "./scope.js";
import type { Callable, Value } from "./value.js";

export interface FunctionDefinition {
  readonly name: string;
  readonly params: readonly Param[];
  /** The scope the `def` runs in: the function's body sees it (closures, globals). */
  readonly closure: Scope;
  /** Runs the body in `local` (parameters already bound) and returns the function's result. */
  readonly run: (local: Scope) => Promise<Value>;
}

/**
 * Makes the Callable for a `def`: defaults are evaluated now, once (as Python does); each call
 * binds arguments in a fresh child of `closure`, counts towards the recursion limit and ticks.
 */
export async function defineFunction(def: FunctionDefinition, ctx: EvalContext): Promise<Callable> {
  const defaults = await evaluateDefaults(def.params, def.closure, ctx);
  return {
    kind: "callable",
    name: def.name,
    flavor: "function",
    async call(args, kwargs) {
      const local = def.closure.child();
      for (const [name, v] of bindArguments(def.name, def.params, defaults, args, kwargs)) local.set(name, v);
      ctx.tick?.();
      return withCallDepth(ctx, () => def.run(local));
    },
  };
}
