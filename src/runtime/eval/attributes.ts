/**
 * Attribute access: methods of the built-in types, the public surface of host objects, nothing
 * else. Method tables are Maps, so `constructor`, `__proto__` or `__class__` can never reach JS
 * internals; dunder names are refused outright (except a callable's `__name__`).
 */
import { DICT_METHODS, LIST_METHODS, SET_METHODS, TUPLE_METHODS } from "./collection-methods.js";
import { checkArity, nativeFunction } from "./call.js";
import { closestName, PyError } from "./errors.js";
import { fromJs, hostFunction, toJs } from "./host.js";
import { toArray } from "./sequence.js";
import { STR_METHODS, type Method } from "./str-methods.js";
import { unreachable } from "../../diagnostics/diagnostic.js";
import { HostObject, PyDict, PyRange, PySet, PyTuple, type Callable, isCallable, isIntLike, kindOf, toNumber, typeName, type Value } from "./value.js";

const FORBIDDEN = new Set(["constructor", "prototype", "caller", "callee", "arguments", "then"]);

function noAttribute(obj: Value, name: string): PyError {
  const near = closestName(name, attributeNames(obj));
  const hint = name.startsWith("_") ? "queries cannot reach Python or JavaScript internals" : near === undefined ? undefined : `did you mean '${near}'?`;
  return new PyError("AttributeError", `'${typeName(obj)}' object has no attribute '${name}'`, undefined, hint);
}

function attributeNames(obj: Value): Iterable<string> {
  const k = kindOf(obj);
  switch (k) {
    case "str":
      return STR_METHODS.keys();
    case "list":
      return LIST_METHODS.keys();
    case "tuple":
      return TUPLE_METHODS.keys();
    case "dict":
      return DICT_METHODS.keys();
    case "set":
      return SET_METHODS.keys();
    case "int":
    case "bool":
    case "float":
      return NUMBER_METHODS.keys();
    default:
      return [];
  }
}

function bind<T extends Value>(self: T, name: string, table: ReadonlyMap<string, Method<T>>): Value | undefined {
  const m = table.get(name);
  if (m === undefined) return undefined;
  return nativeFunction(`${typeName(self)}.${name}`, (args, kwargs) => m(self, args, kwargs), "method");
}

const NUMBER_METHODS: ReadonlyMap<string, Method<Value>> = new Map<string, Method<Value>>([
  ["is_integer", (x) => Number.isInteger(toNumber(x))],
  ["bit_length", (x) => (toNumber(x) === 0 ? 0 : Math.abs(toNumber(x)).toString(2).length)],
  ["conjugate", (x) => x],
]);

/** `obj.name`. */
export function getAttribute(obj: Value, name: string): Value {
  const found = name.startsWith("__") && name.endsWith("__") ? dunder(obj, name) : lookup(obj, name);
  if (found === undefined) throw noAttribute(obj, name);
  return found;
}

function dunder(obj: Value, name: string): Value | undefined {
  return name === "__name__" && isCallable(obj) ? obj.name : undefined;
}

function lookup(obj: Value, name: string): Value | undefined {
  const k = kindOf(obj);
  switch (k) {
    case "str":
      return bind(obj as string, name, STR_METHODS);
    case "list":
      return bind(obj as Value[], name, LIST_METHODS);
    case "tuple":
      return bind(obj as PyTuple, name, TUPLE_METHODS);
    case "dict":
      return bind(obj as PyDict, name, DICT_METHODS);
    case "set":
      return bind(obj as PySet, name, SET_METHODS);
    case "int":
    case "bool":
    case "float":
      if (name === "bit_length" && !isIntLike(obj)) return undefined;
      if (name === "real") return obj;
      return bind(obj, name, NUMBER_METHODS);
    case "range": {
      const r = obj as PyRange;
      return name === "start" ? r.start : name === "stop" ? r.stop : name === "step" ? r.step : undefined;
    }
    case "host":
      return hostAttribute((obj as HostObject).value, name);
    case "callable":
      return (obj as Callable).flavor === "type" ? unboundMethod((obj as Callable).name, name) : undefined;
    case "dictview":
    case "none":
      return undefined;
    default:
      return unreachable(k);
  }
}

const TABLES: ReadonlyMap<string, ReadonlyMap<string, Method<never>>> = new Map<string, ReadonlyMap<string, Method<never>>>([
  ["str", STR_METHODS],
  ["list", LIST_METHODS],
  ["tuple", TUPLE_METHODS],
  ["dict", DICT_METHODS],
  ["set", SET_METHODS],
]);

/**
 * `str.strip`, `list.append`, ...: a method taken from its type, called with the instance first
 * (`map(str.strip, lines)`). `dict.fromkeys` is the one class method queries use.
 */
function unboundMethod(owner: string, name: string): Value | undefined {
  if (owner === "dict" && name === "fromkeys") return FROMKEYS;
  const m = TABLES.get(owner)?.get(name) as Method<Value> | undefined;
  if (m === undefined) return undefined;
  return nativeFunction(`${owner}.${name}`, (args, kwargs) => {
    if (args.length === 0) throw new PyError("TypeError", `unbound method ${owner}.${name}() needs an argument`);
    if (typeName(args[0]) !== owner) {
      throw new PyError("TypeError", `descriptor '${name}' for '${owner}' objects doesn't apply to a '${typeName(args[0])}' object`);
    }
    return m(args[0], args.slice(1), kwargs);
  }, "method");
}

const FROMKEYS = nativeFunction("dict.fromkeys", (args, kwargs) => {
  checkArity("fromkeys", args, kwargs, 1, 2);
  const value = args.length > 1 ? args[1] : null;
  return new PyDict(toArray(args[0]).map((k) => [k, value] as const));
}, "method");

/**
 * A host object's own properties and the methods and getters its classes define, never those of
 * Object itself; names starting with `_` are private by convention and refused.
 */
function hostAttribute(target: unknown, name: string): Value | undefined {
  if (typeof target !== "object" || target === null || name.startsWith("_") || FORBIDDEN.has(name)) return undefined;
  try {
    for (let o: object | null = target; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
      const d = Object.getOwnPropertyDescriptor(o, name);
      if (d !== undefined) return fromDescriptor(target, name, d);
    }
  } catch (e) {
    // A Proxy trap that throws: the host's failure, reported like a throwing getter.
    if (e instanceof PyError) throw e;
    throw new PyError("RuntimeError", `${name}: the host object could not be read`);
  }
  return undefined;
}

function fromDescriptor(target: object, name: string, d: PropertyDescriptor): Value | undefined {
  if ("value" in d) return asHostValue(target, name, d.value);
  if (d.get === undefined) return undefined;
  try {
    return fromJs(d.get.call(target));
  } catch (e) {
    throw new PyError("RuntimeError", `${name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function asHostValue(target: object, name: string, v: unknown): Value {
  if (typeof v === "function") return hostFunction(name, (...args: unknown[]) => (v as (...a: unknown[]) => unknown).apply(target, args));
  return fromJs(v);
}

/**
 * `obj.name = value`: only a host object's own writable data properties can be set (the value is
 * converted with `toJs`); everything else is read-only, as built-in objects are in Python.
 */
export function setAttribute(obj: Value, name: string, value: Value): void {
  if (obj instanceof HostObject && typeof obj.value === "object" && obj.value !== null && !name.startsWith("_") && !FORBIDDEN.has(name)) {
    const d = Object.getOwnPropertyDescriptor(obj.value, name);
    if (d !== undefined && "value" in d && d.writable === true && typeof d.value !== "function") {
      (obj.value as Record<string, unknown>)[name] = toJs(value);
      return;
    }
  }
  throw new PyError("AttributeError", `'${typeName(obj)}' object attribute '${name}' is read-only`);
}
