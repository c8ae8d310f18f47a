/**
 * Runtime values with Python semantics, kept as plain JS where that is natural for host code:
 *
 * | Python   | here                                                                    |
 * |----------|-------------------------------------------------------------------------|
 * | None     | `null`                                                                  |
 * | bool     | `boolean`                                                               |
 * | int      | an integral `number`, or a `bigint` beyond 2**53 (exact, unbounded)     |
 * | float    | `PyFloat` (so `3.0` stays a float); a non-integral plain `number` from a |
 * |          | host is read as a float too                                             |
 * | str      | `string`                                                                |
 * | list     | a JS array (mutable, shared by reference like Python lists)             |
 * | tuple    | `PyTuple` (frozen)                                                      |
 * | dict     | `PyDict` (insertion-ordered, Python key equality: `1 == 1.0 == True`)   |
 * | set      | `PySet`                                                                 |
 * | views    | `PyDictView` (`d.keys()`, `d.values()`, `d.items()`: live, as in Python)  |
 * | range    | `PyRange` (lazy)                                                        |
 * | callable | `Callable` (user defs, lambdas, builtins, bound methods, host functions)|
 * | other    | `HostObject` wrapping whatever a host function returned                 |
 */
import { unreachable } from "../../diagnostics/diagnostic.js";
import { PyError } from "./errors.js";

export type Value =
  | null
  | boolean
  | number
  | bigint
  | string
  | PyFloat
  | Value[]
  | PyTuple
  | PyDict
  | PySet
  | PyRange
  | PyDictView
  | Callable
  | HostObject;

/** The Python type of a value, for exhaustive switches (`switch (kindOf(v))`). */
export type ValueKind = "none" | "bool" | "int" | "float" | "str" | "list" | "tuple" | "dict" | "set" | "range" | "dictview" | "callable" | "host";

export class PyFloat {
  readonly kind = "float" as const;
  constructor(readonly value: number) {}
}

export class PyTuple {
  readonly kind = "tuple" as const;
  readonly items: readonly Value[];
  constructor(items: readonly Value[]) {
    this.items = Object.freeze(items.slice());
  }
}

export class PyRange {
  readonly kind = "range" as const;
  readonly length: number;
  constructor(
    readonly start: number,
    readonly stop: number,
    readonly step: number,
  ) {
    const span = step > 0 ? stop - start : start - stop;
    this.length = span <= 0 ? 0 : Math.ceil(span / Math.abs(step));
  }
  at(i: number): number {
    return this.start + i * this.step;
  }
  *[Symbol.iterator](): Iterator<number> {
    for (let i = 0; i < this.length; i++) yield this.at(i);
  }
}

/** A function value. User `def`s and lambdas, builtins, bound methods and host functions all are one. */
export interface Callable {
  readonly kind: "callable";
  readonly name: string;
  call(args: readonly Value[], kwargs: ReadonlyMap<string, Value>): Promise<Value>;
  /** How `repr()` shows it; absent means a user function. */
  readonly flavor?: "function" | "builtin" | "method" | "type";
}

/** Anything a host function returned that has no Python counterpart; the query can pass it on, not look inside. */
export class HostObject {
  readonly kind = "host" as const;
  constructor(readonly value: unknown) {}
}

/** Identity keys for values hashed by identity (callables, host objects). */
const identities = new WeakMap<object, number>();
let nextIdentity = 1;
function identityOf(o: object): number {
  let id = identities.get(o);
  if (id === undefined) {
    id = nextIdentity++;
    identities.set(o, id);
  }
  return id;
}

/**
 * A string that is equal for Python-equal hashable values (`1`, `1.0`, `True` share one) and
 * distinct otherwise. Throws TypeError for unhashable values, as Python does.
 */
export function hashKey(v: Value): string {
  const k = kindOf(v);
  switch (k) {
    case "none":
      return "N";
    case "bool":
      return v ? "n1" : "n0";
    case "int":
    case "float":
      return "n" + numberKey(v as number | bigint | boolean | PyFloat);
    case "str":
      return "s" + (v as string);
    case "tuple":
      return "t(" + (v as PyTuple).items.map(hashKey).join(",") + ")";
    case "range": {
      const r = v as PyRange;
      return `r${r.start},${r.stop},${r.step}`;
    }
    case "callable":
    case "host":
      return "i" + identityOf(v as object);
    case "dictview":
      // Set-like views define equality and so are unhashable; a values view hashes by identity.
      if ((v as PyDictView).setLike) throw new PyError("TypeError", `unhashable type: '${typeName(v)}'`);
      return "i" + identityOf(v as object);
    case "list":
    case "dict":
    case "set":
      throw new PyError("TypeError", `unhashable type: '${k}'`);
    default:
      return unreachable(k);
  }
}

/** Equal numbers share a key: 10**22, 1e22 and 10**22 as a bigint all print as the same digits. */
function numberKey(v: number | bigint | boolean | PyFloat): string {
  if (typeof v === "bigint") return v.toString();
  const x = typeof v === "boolean" ? Number(v) : typeof v === "number" ? v : v.value;
  return Number.isInteger(x) && !Number.isSafeInteger(x) ? BigInt(x).toString() : String(x);
}

export class PyDict {
  readonly kind = "dict" as const;
  private readonly map = new Map<string, [Value, Value]>();
  constructor(entries?: Iterable<readonly [Value, Value]>) {
    if (entries) for (const [k, v] of entries) this.set(k, v);
  }
  get size(): number {
    return this.map.size;
  }
  get(key: Value): Value | undefined {
    return this.map.get(hashKey(key))?.[1];
  }
  has(key: Value): boolean {
    return this.map.has(hashKey(key));
  }
  set(key: Value, value: Value): void {
    const h = hashKey(key);
    const old = this.map.get(h);
    // Python keeps the first key object when an equal key is assigned again.
    this.map.set(h, [old ? old[0] : key, value]);
  }
  delete(key: Value): boolean {
    return this.map.delete(hashKey(key));
  }
  clear(): void {
    this.map.clear();
  }
  keys(): Value[] {
    return [...this.map.values()].map((e) => e[0]);
  }
  values(): Value[] {
    return [...this.map.values()].map((e) => e[1]);
  }
  entries(): [Value, Value][] {
    return [...this.map.values()].map((e) => [e[0], e[1]]);
  }
}

export class PySet {
  readonly kind = "set" as const;
  private readonly map = new Map<string, Value>();
  constructor(items?: Iterable<Value>) {
    if (items) for (const v of items) this.add(v);
  }
  get size(): number {
    return this.map.size;
  }
  has(v: Value): boolean {
    return this.map.has(hashKey(v));
  }
  add(v: Value): void {
    const h = hashKey(v);
    if (!this.map.has(h)) this.map.set(h, v);
  }
  delete(v: Value): boolean {
    return this.map.delete(hashKey(v));
  }
  clear(): void {
    this.map.clear();
  }
  values(): Value[] {
    return [...this.map.values()];
  }
}

/** `d.keys()`, `d.values()`, `d.items()`: live views of a dict (they see later changes). */
export class PyDictView {
  readonly kind = "dictview" as const;
  constructor(
    readonly dict: PyDict,
    readonly view: "keys" | "values" | "items",
  ) {}
  /** The current contents: keys, values, or (key, value) tuples. */
  items(): Value[] {
    switch (this.view) {
      case "keys":
        return this.dict.keys();
      case "values":
        return this.dict.values();
      case "items":
        return this.dict.entries().map((e) => new PyTuple(e));
      default:
        return unreachable(this.view);
    }
  }
  /** Keys and items views behave as sets (`&`, `|`, `==` with sets); values views do not. */
  get setLike(): boolean {
    return this.view !== "values";
  }
}

export function kindOf(v: Value): ValueKind {
  if (v === null) return "none";
  switch (typeof v) {
    case "boolean":
      return "bool";
    case "number":
      return Number.isInteger(v) ? "int" : "float";
    case "bigint":
      return "int";
    case "string":
      return "str";
    default:
      return Array.isArray(v) ? "list" : (v as Exclude<Value, null | boolean | number | bigint | string | Value[]>).kind;
  }
}

/** Python's `type(v).__name__`. */
export function typeName(v: Value): string {
  const k = kindOf(v);
  switch (k) {
    case "none":
      return "NoneType";
    case "callable":
      return (v as Callable).flavor === "type" ? "type" : (v as Callable).flavor === "builtin" ? "builtin_function_or_method" : "function";
    case "host":
      return "object";
    case "dictview":
      return `dict_${(v as PyDictView).view}`;
    case "bool":
    case "int":
    case "float":
    case "str":
    case "list":
    case "tuple":
    case "dict":
    case "set":
    case "range":
      return k;
    default:
      return unreachable(k);
  }
}

export function isNumeric(v: Value): v is number | bigint | boolean | PyFloat {
  return typeof v === "number" || typeof v === "bigint" || typeof v === "boolean" || v instanceof PyFloat;
}

/** int or bool (bool is a subclass of int in Python). */
export function isIntLike(v: Value): v is number | bigint | boolean {
  return typeof v === "boolean" || typeof v === "bigint" || (typeof v === "number" && Number.isInteger(v));
}

export function isFloat(v: Value): boolean {
  return v instanceof PyFloat || (typeof v === "number" && !Number.isInteger(v));
}

/** The JS number of a numeric value (bools count as 0/1); a big int too large for a float raises, as in Python. */
export function toNumber(v: Value): number {
  if (typeof v === "number") return v;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof PyFloat) return v.value;
  if (typeof v === "bigint") {
    const x = Number(v);
    if (!Number.isFinite(x)) throw new PyError("OverflowError", "int too large to convert to float");
    return x;
  }
  throw new PyError("TypeError", `expected a number, got '${typeName(v)}'`);
}

/** The exact value of an int or bool. */
export function toBigInt(v: number | bigint | boolean): bigint {
  return typeof v === "bigint" ? v : BigInt(typeof v === "boolean" ? Number(v) : v);
}

/** A JS number where it is exact, a bigint beyond: the one representation of each int. */
export function normInt(b: bigint): number | bigint {
  return b >= -MAX_SAFE && b <= MAX_SAFE ? Number(b) : b;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Bits an int may have: beyond this an operation is refused rather than run for minutes. */
export const MAX_INT_BITS = 100_000;

export function checkIntSize(b: bigint): bigint {
  const bits = (b < 0n ? -b : b).toString(16).length * 4;
  if (bits > MAX_INT_BITS + 4) throw intTooLarge();
  return b;
}

export function float(x: number): PyFloat {
  return new PyFloat(x);
}

/**
 * The int for an integral JS number (from a float, or an int operation that stayed exact): past
 * 2**53 it becomes a bigint holding the same value.
 */
export function int(x: number): number | bigint {
  if (!Number.isSafeInteger(x)) {
    if (Number.isNaN(x)) throw new PyError("ValueError", "cannot convert float NaN to integer");
    if (!Number.isFinite(x)) throw new PyError("OverflowError", "cannot convert float infinity to integer");
    return BigInt(x);
  }
  return x === 0 ? 0 : x; // no -0 for ints
}

export function intTooLarge(): PyError {
  return new PyError("OverflowError", `integer result too large: lmql-ts ints have at most ${MAX_INT_BITS} bits`);
}

export function tuple(items: readonly Value[]): PyTuple {
  return new PyTuple(items);
}

export function isCallable(v: Value): v is Callable {
  return typeof v === "object" && v !== null && !Array.isArray(v) && v.kind === "callable";
}

export function truthy(v: Value): boolean {
  const k = kindOf(v);
  switch (k) {
    case "none":
      return false;
    case "bool":
      return v as boolean;
    case "int":
      return typeof v === "bigint" ? v !== 0n : toNumber(v) !== 0;
    case "float":
      return toNumber(v) !== 0; // NaN is truthy, as in Python
    case "str":
      return (v as string).length > 0;
    case "list":
      return (v as Value[]).length > 0;
    case "tuple":
      return (v as PyTuple).items.length > 0;
    case "dict":
      return (v as PyDict).size > 0;
    case "set":
      return (v as PySet).size > 0;
    case "range":
      return (v as PyRange).length > 0;
    case "dictview":
      return (v as PyDictView).dict.size > 0;
    case "callable":
    case "host":
      return true;
    default:
      return unreachable(k);
  }
}
