/**
 * The border between TypeScript and the query: `fromJs` turns host values (`run({ args })`, host
 * function results) into runtime values, `toJs` turns results back, and `hostFunction` wraps a
 * plain TS function as a Callable.
 *
 * Host values are untrusted shapes: conversion survives cycles (a self-referencing array becomes a
 * self-containing list), throwing getters and Proxies (the value stays opaque), and a value the
 * query did not change comes back as the very object the host passed in.
 */
import { PyError } from "./errors.js";
import { pyStr } from "./repr.js";
import { MAX_SEQUENCE_LENGTH, toArray } from "./sequence.js";
import { unreachable } from "../../diagnostics/diagnostic.js";
import { HostObject, PyDict, PyDictView, PyFloat, PyRange, PySet, PyTuple, checkIntSize, kindOf, normInt, type Callable, type Value } from "./value.js";

/** The host object each converted container (or wrapped function) came from. */
const origins = new WeakMap<object, unknown>();

function isPlainObject(x: object): boolean {
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

function isRuntimeValue(x: object): x is Exclude<Value, null | boolean | number | bigint | string | Value[]> {
  return x instanceof PyFloat || x instanceof PyTuple || x instanceof PyDict || x instanceof PySet || x instanceof PyRange || x instanceof PyDictView || x instanceof HostObject || (x as { kind?: unknown }).kind === "callable";
}

/** One conversion: containers already converted (cycles) and a budget on the values visited. */
interface FromState {
  readonly seen: Map<object, Value>;
  visited: number;
}

class Unconvertible extends Error {}

/**
 * A host value as a runtime value: `null`/`undefined` → None, safe integers and bigints → int,
 * other numbers → float, arrays → lists, plain objects and Maps → dicts, Sets → sets, functions →
 * callables (via `hostFunction`); runtime values pass through; anything else (class instances,
 * promises, dates) becomes an opaque HostObject, and so does a container whose reading throws
 * (a getter, a Proxy trap) or that holds more than MAX_SEQUENCE_LENGTH values in all.
 */
export function fromJs(x: unknown): Value {
  if (typeof x !== "object" || x === null) return fromState(x, { seen: new Map(), visited: 0 });
  try {
    return fromState(x, { seen: new Map(), visited: 0 });
  } catch (e) {
    if (e instanceof PyError) throw e;
    return new HostObject(x);
  }
}

function fromState(x: unknown, st: FromState): Value {
  if (++st.visited > MAX_SEQUENCE_LENGTH) throw new Unconvertible();
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
      return x === null ? null : objectFromJs(x, st);
  }
}

function objectFromJs(x: object, st: FromState): Value {
  const done = st.seen.get(x);
  if (done !== undefined) return done;
  if (isRuntimeValue(x)) return x;
  const convert = (v: unknown): Value => fromState(v, st);
  if (Array.isArray(x)) {
    const list: Value[] = [];
    remember(st, x, list);
    for (const item of x as unknown[]) list.push(convert(item));
    return list;
  }
  if (x instanceof Map || x instanceof Set || isPlainObject(x)) {
    const container = x instanceof Set ? new PySet() : new PyDict();
    remember(st, x, container);
    if (x instanceof Set) for (const v of x) (container as PySet).add(convert(v));
    else if (x instanceof Map) for (const [k, v] of x) (container as PyDict).set(convert(k), convert(v));
    else for (const [k, v] of Object.entries(x)) (container as PyDict).set(k, convert(v));
    return container;
  }
  return new HostObject(x);
}

function remember(st: FromState, host: object, value: Value & object): void {
  st.seen.set(host, value);
  origins.set(value, host);
}

/** One conversion back: containers already converted (cycles) and each fresh one's origin. */
interface ToState {
  readonly seen: Map<object, unknown>;
  readonly originOf: Map<unknown, unknown>;
}

/**
 * A runtime value as a host value: int/float → number (an int past 2**53 → bigint), tuples, sets
 * and ranges → arrays, dicts → null-prototype objects keyed by `str(key)` (so `__proto__` is a key
 * like any other), None → null, HostObject → what it wraps; callables stay Callables, except host
 * functions, which come back as the function the host gave. A list, dict or set that came from the
 * host and that the query left unchanged comes back as the host's own object; cycles are kept.
 */
export function toJs(v: Value): unknown {
  return toState(v, { seen: new Map(), originOf: new Map() });
}

function toState(v: Value, st: ToState): unknown {
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
      return itemsToJs(v as Value[], v as Value[], st);
    case "tuple":
      return itemsToJs(v as PyTuple, (v as PyTuple).items, st);
    case "set":
      return itemsToJs(v as PySet, (v as PySet).values(), st);
    case "range":
      return toArray(v).map((x) => toState(x, st));
    case "dictview":
      return itemsToJs(v as PyDictView, (v as PyDictView).items(), st);
    case "dict":
      return dictToJs(v as PyDict, st);
    case "callable":
      return origins.get(v as Callable) ?? v;
    case "host":
      return (v as HostObject).value;
    default:
      return unreachable(k);
  }
}

function itemsToJs(container: object, items: readonly Value[], st: ToState): unknown {
  const done = st.seen.get(container);
  if (done !== undefined) return done;
  const out: unknown[] = [];
  const origin = origins.get(container);
  st.seen.set(container, out);
  st.originOf.set(out, origin);
  for (const x of items) out.push(toState(x, st));
  if (!Array.isArray(origin) && !(origin instanceof Set)) return out;
  const before = [...(origin as Iterable<unknown>)];
  return before.length === out.length && out.every((x, i) => same(x, before[i], st)) ? origin : out;
}

function dictToJs(d: PyDict, st: ToState): unknown {
  const done = st.seen.get(d);
  if (done !== undefined) return done;
  const out = Object.create(null) as Record<string, unknown>;
  const origin = origins.get(d);
  st.seen.set(d, out);
  st.originOf.set(out, origin);
  const entries = d.entries().map(([key, val]) => [toState(key, st), toState(val, st)] as const);
  for (const [i, [key]] of d.entries().entries()) out[pyStr(key)] = entries[i]![1];
  return origin !== undefined && unchangedDict(entries, origin, st) ? origin : out;
}

function unchangedDict(entries: readonly (readonly [unknown, unknown])[], origin: unknown, st: ToState): boolean {
  try {
    const before = origin instanceof Map ? [...origin.entries()] : Object.entries(origin as object);
    return before.length === entries.length && entries.every(([k, v], i) => Object.is(k, before[i]![0]) && same(v, before[i]![1], st));
  } catch {
    return false;
  }
}

/** The same host value, counting a container still being converted as the object it came from. */
function same(now: unknown, before: unknown, st: ToState): boolean {
  return Object.is(now, before) || (st.originOf.has(now) && st.originOf.get(now) === before);
}

/**
 * Wraps a TypeScript function for the query: positional arguments arrive as `toJs` values, keyword
 * arguments (if any) as one trailing null-prototype object; the result (awaited if a promise) goes
 * through `fromJs`. A JS exception becomes a Python `RuntimeError` naming the function.
 */
export function hostFunction(name: string, fn: (...args: any[]) => unknown): Callable {
  const callable: Callable = {
    kind: "callable",
    name,
    flavor: "function",
    async call(args, kwargs) {
      const jsArgs = args.map(toJs);
      if (kwargs.size > 0) jsArgs.push(Object.assign(Object.create(null) as object, Object.fromEntries([...kwargs].map(([k, v]) => [k, toJs(v)]))));
      let result: unknown;
      try {
        result = await fn(...jsArgs);
      } catch (e) {
        if (e instanceof PyError) throw e;
        throw new PyError("RuntimeError", `${name}(): ${describeError(e)}`);
      }
      return fromJs(result);
    },
  };
  origins.set(callable, fn);
  return callable;
}

/** A thrown value's message, even when reading it throws too (a hostile host object). */
function describeError(e: unknown): string {
  try {
    return e instanceof Error ? e.message : String(e);
  } catch {
    return "an exception that cannot be shown";
  }
}
