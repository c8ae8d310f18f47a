/** Making callables and binding arguments to parameters with Python's rules. */
import type { Param } from "../../syntax/ast.js";
import { PyError } from "./errors.js";
import { PyDict, PyTuple, type Callable, type Value } from "./value.js";

export type NativeImpl = (args: readonly Value[], kwargs: ReadonlyMap<string, Value>) => Value | Promise<Value>;

/** A callable over runtime values (builtins, methods, host code that wants Python values as they are). */
export function nativeFunction(name: string, impl: NativeImpl, flavor: Callable["flavor"] = "builtin"): Callable {
  return {
    kind: "callable",
    name,
    flavor,
    call: async (args, kwargs) => impl(args, kwargs),
  };
}

export const NO_KWARGS: ReadonlyMap<string, Value> = new Map();

/** Checks the count of positional arguments and refuses keywords not in `allowed`. */
export function checkArity(name: string, args: readonly Value[], kwargs: ReadonlyMap<string, Value>, min: number, max: number, allowed: readonly string[] = []): void {
  for (const k of kwargs.keys()) {
    if (!allowed.includes(k)) throw new PyError("TypeError", `${name}() got an unexpected keyword argument '${k}'`);
  }
  if (args.length >= min && args.length <= max) return;
  if (min === max) {
    throw new PyError("TypeError", `${name}() takes exactly ${plural(min, "argument")} (${args.length} given)`);
  }
  if (args.length < min) throw new PyError("TypeError", `${name}() expected at least ${plural(min, "argument")}, got ${args.length}`);
  throw new PyError("TypeError", `${name}() expected at most ${plural(max, "argument")}, got ${args.length}`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * Python's argument binding for a user function or lambda: positional parameters, defaults
 * (already evaluated, by name), `*args` (a tuple), keyword-only parameters after it, `**kwargs`
 * (a dict). A `*` param with an empty name is the bare keyword-only marker.
 */
export function bindArguments(
  fnName: string,
  params: readonly Param[],
  defaults: ReadonlyMap<string, Value>,
  args: readonly Value[],
  kwargs: ReadonlyMap<string, Value>,
): Map<string, Value> {
  const bound = new Map<string, Value>();
  const starIndex = params.findIndex((p) => p.star === "*");
  const positional = params.filter((p, i) => p.star === undefined && (starIndex < 0 || i < starIndex));
  const varargs = starIndex >= 0 && params[starIndex].name !== "" ? params[starIndex] : undefined;
  const varkw = params.find((p) => p.star === "**");
  if (args.length > positional.length && varargs === undefined) {
    const given = args.length;
    throw new PyError("TypeError", `${fnName}() takes ${positional.length} positional argument${positional.length === 1 ? "" : "s"} but ${given} ${given === 1 ? "was" : "were"} given`);
  }
  positional.forEach((p, i) => {
    if (i < args.length) bound.set(p.name, args[i]);
  });
  if (varargs !== undefined) bound.set(varargs.name, new PyTuple(args.slice(positional.length)));
  const extra = new PyDict();
  for (const [k, v] of kwargs) {
    const param = params.find((p) => p.name === k && p.star === undefined);
    if (param === undefined) {
      if (varkw === undefined) throw new PyError("TypeError", `${fnName}() got an unexpected keyword argument '${k}'`);
      extra.set(k, v);
    } else if (bound.has(k)) {
      throw new PyError("TypeError", `${fnName}() got multiple values for argument '${k}'`);
    } else {
      bound.set(k, v);
    }
  }
  if (varkw !== undefined) bound.set(varkw.name, extra);
  const missing = params.filter((p) => p.star === undefined && !bound.has(p.name) && !defaults.has(p.name)).map((p) => p.name);
  if (missing.length > 0) {
    const names = missing.map((n) => `'${n}'`);
    const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
    throw new PyError("TypeError", `${fnName}() missing ${missing.length} required argument${missing.length === 1 ? "" : "s"}: ${list}`);
  }
  for (const p of params) if (p.star === undefined && !bound.has(p.name)) bound.set(p.name, defaults.get(p.name) as Value);
  return bound;
}
