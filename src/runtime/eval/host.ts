/**
 * The border between TypeScript and the query: `fromJs` turns host values (`run({ args })`, host
 * function results) into runtime values, `toJs` turns results back, and `hostFunction` wraps a
 * plain TS function as a Callable.
 */
import { PyError } from "./errors.js";
import { pyStr } from "./repr.js";
import { toArray } from "./sequence.js";
import { unreachable } from "../../diagnostics/diagnostic.js";
import { HostObject, PyDict, PyDictView, PyFloat, PyRange, PySet, PyTuple, checkIntSize, kindOf, normInt, type Callable, type Value } from "./value.js";

function isPlainObject(x: object): boolean {
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function isRuntimeValue(x: object): x is Exclude<Value, null | boolean | number | bigint | string | Value[]> {
  return x instanceof PyFloat || x instanceof PyTuple || x instanceof PyDict || x instanceof PySet || x instanceof PyRange || x instanceof PyDictView || x instanceof HostObject || (x as { kind?: unknown }).kind === "callable";
}

/**
 * A host value as a runtime value: `null`/`undefined` → None, safe integers and bigints → int,
 * other numbers → float, arrays → lists, plain objects and Maps → dicts, Sets → sets, functions →
 * callables (via `hostFunction`); runtime values pass through; anything else (class instances,
 * promises, dates) becomes an opaque HostObject.
 */
export function fromJs(x: unknown): Value {
  switch (typeof x) {
    case "undefined":
      return null;
    case "boolean":
    case "string":
      return x;
    case "number":
      // Past 2**53 a JS number is no longer an exact integer: read it as the float it is.
      return Number.isSafeInteger(x) && !Object.is(x, -0) ? x : new PyFloat(x);
    case "bigint":
      return normInt(checkIntSize(x));
    case "function":
      return hostFunction(x.name || "<host>", x as (...args: unknown[]) => unknown);
    case "symbol":
      return new HostObject(x);
    case "object":
      return objectFromJs(x);
  }
}

function objectFromJs(x: object | null): Value {
  if (x === null) return null;
  if (Array.isArray(x)) return x.map(fromJs);
  if (isRuntimeValue(x)) return x;
  if (x instanceof Map) return new PyDict([...x.entries()].map(([k, v]) => [fromJs(k), fromJs(v)] as const));
  if (x instanceof Set) return new PySet([...x].map(fromJs));
  if (isPlainObject(x)) return new PyDict(Object.entries(x).map(([k, v]) => [k, fromJs(v)] as const));
  return new HostObject(x);
}

/**
 * A runtime value as a host value, shaped for JSON: int/float → number (an int past 2**53 → bigint), tuples, sets and ranges →
 * arrays, dicts → plain objects keyed by `str(key)`, None → null, HostObject → what it wraps;
 * callables stay Callables.
 */
export function toJs(v: Value): unknown {
  const k = kindOf(v);
  switch (k) {
    case "none":
    case "bool":
    case "int":
    case "str":
      return v;
    case "float":
      return v instanceof PyFloat ? v.value : v;
    case "list":
      return (v as Value[]).map(toJs);
    case "tuple":
      return (v as PyTuple).items.map(toJs);
    case "set":
      return (v as PySet).values().map(toJs);
    case "range":
      return toArray(v).map(toJs);
    case "dictview":
      return (v as PyDictView).items().map(toJs);
    case "dict":
      // fromEntries defines own properties, so a "__proto__" key stays data.
      return Object.fromEntries((v as PyDict).entries().map(([key, val]) => [pyStr(key), toJs(val)]));
    case "callable":
      return v;
    case "host":
      return (v as HostObject).value;
    default:
      return unreachable(k);
  }
}

/**
 * Wraps a TypeScript function for the query: positional arguments arrive as `toJs` values, keyword
 * arguments (if any) as one trailing plain object; the result (awaited if a promise) goes through
 * `fromJs`. A JS exception becomes a Python `RuntimeError` naming the function.
 */
export function hostFunction(name: string, fn: (...args: any[]) => unknown): Callable {
  return {
    kind: "callable",
    name,
    flavor: "function",
    async call(args, kwargs) {
      const jsArgs = args.map(toJs);
      if (kwargs.size > 0) jsArgs.push(Object.fromEntries([...kwargs].map(([k, v]) => [k, toJs(v)])));
      let result: unknown;
      try {
        result = await fn(...jsArgs);
      } catch (e) {
        if (e instanceof PyError) throw e;
        throw new PyError("RuntimeError", `${name}(): ${e instanceof Error ? e.message : String(e)}`);
      }
      return fromJs(result);
    },
  };
}
