/**
 * The builtin functions. `createBuiltins(ctx)` makes the outermost scope of a run; `print` and
 * `input` go through the context's hooks (the CLI shows them), never straight to stdout.
 */
import { BOOL, DICT, FLOAT, INT, LIST, RANGE, SET, STR, TUPLE, TYPE, TYPE_OBJECTS, isInstance } from "./builtin-types.js";
import { checkArity, nativeFunction, type NativeImpl } from "./call.js";
import { sortValues } from "./collection-methods.js";
import { compareValues } from "./compare.js";
import { PyError } from "./errors.js";
import type { EvalContext } from "./evaluate.js";
import { formatValue } from "./format-spec.js";
import { getAttribute } from "./attributes.js";
import { roundFloat } from "./number-format.js";
import { binaryOp, divmod } from "./operators.js";
import { asciiRepr, pyRepr, pyStr } from "./repr.js";
import { Scope } from "./scope.js";
import { strLength, toArray } from "./sequence.js";
import { MAX_INT_BITS, PyDict, PyDictView, PyRange, PySet, PyTuple, float, int, isCallable, isIntLike, isNumeric, normInt, toBigInt, toNumber, truthy, typeName, type Callable, type Value } from "./value.js";

function fn(name: string, min: number, max: number, impl: NativeImpl, kwargs: readonly string[] = []): Callable {
  return nativeFunction(name, (args, kw) => {
    checkArity(name, args, kw, min, max, kwargs);
    return impl(args, kw);
  });
}

function len(v: Value): number {
  if (typeof v === "string") return strLength(v);
  if (Array.isArray(v)) return v.length;
  if (v instanceof PyTuple) return v.items.length;
  if (v instanceof PyDict || v instanceof PySet) return v.size;
  if (v instanceof PyRange) return v.length;
  if (v instanceof PyDictView) return v.dict.size;
  throw new PyError("TypeError", `object of type '${typeName(v)}' has no len()`);
}

function callable(v: Value, what: string): Callable {
  if (!isCallable(v)) throw new PyError("TypeError", `'${typeName(v)}' object is not callable${what}`);
  return v;
}

/** min/max: one iterable or several arguments, with `key=` and `default=`. */
function extreme(name: "min" | "max"): Callable {
  return nativeFunction(name, async (args, kw) => {
    checkArity(name, args, kw, 1, Infinity, ["key", "default"]);
    const items = args.length === 1 ? toArray(args[0]) : [...args];
    if (items.length === 0) {
      const dflt = kw.get("default");
      if (dflt !== undefined) return dflt;
      throw new PyError("ValueError", `${name}() iterable argument is empty`);
    }
    const key = kw.get("key");
    const keyOf = key === undefined || key === null ? async (x: Value) => x : async (x: Value) => callable(key, "").call([x], new Map());
    let best = items[0];
    let bestKey = await keyOf(best);
    for (const x of items.slice(1)) {
      const k = await keyOf(x);
      // The first of equal items wins, as in Python.
      if (compareValues(name === "min" ? "<" : ">", k, bestKey)) {
        best = x;
        bestKey = k;
      }
    }
    return best;
  });
}

function round(x: Value, ndigits: Value | undefined): Value {
  if (!isNumeric(x)) throw new PyError("TypeError", `type ${typeName(x)} doesn't define __round__ method`);
  if (ndigits !== undefined && ndigits !== null && !isIntLike(ndigits)) throw new PyError("TypeError", `'${typeName(ndigits)}' object cannot be interpreted as an integer`);
  const n = ndigits === undefined || ndigits === null ? undefined : toNumber(ndigits);
  if (isIntLike(x)) return n === undefined || n >= 0 ? normInt(toBigInt(x)) : roundInt(toBigInt(x), -n);
  const r = roundFloat(toNumber(x), n ?? 0);
  return n === undefined ? int(r) : float(r);
}

/** `round(n, -digits)` for an int: half to even at a power of ten, exactly. */
function roundInt(x: bigint, digits: number): number | bigint {
  // An int of MAX_INT_BITS bits has fewer than 31,000 digits: rounding further left gives 0.
  if (digits > MAX_INT_BITS / 3) return 0;
  const unit = 10n ** BigInt(digits);
  const negative = x < 0n;
  const abs = negative ? -x : x;
  let q = abs / unit;
  const twice = (abs % unit) * 2n;
  if (twice > unit || (twice === unit && q % 2n === 1n)) q += 1n;
  return normInt(negative ? -q * unit : q * unit);
}

function sum(items: Value, start: Value): Value {
  if (typeof start === "string") throw new PyError("TypeError", "sum() can't sum strings [use ''.join(seq) instead]");
  let total: Value = start;
  // toArray caps the length: a sum over range(10**12) would block the event loop for hours.
  for (const x of toArray(items)) total = binaryOp("+", total, x);
  return total;
}

function zip(args: readonly Value[], strict: boolean): Value[] {
  const lists = args.map(toArray);
  const n = lists.length === 0 ? 0 : Math.min(...lists.map((l) => l.length));
  if (strict && lists.some((l) => l.length !== n)) throw new PyError("ValueError", "zip() arguments have different lengths");
  return Array.from({ length: n }, (_, i) => new PyTuple(lists.map((l) => l[i])));
}

function reversed(v: Value): Value[] {
  if (typeof v === "string" || Array.isArray(v) || v instanceof PyTuple || v instanceof PyRange || v instanceof PyDict || v instanceof PyDictView) {
    return toArray(v).reverse();
  }
  throw new PyError("TypeError", `'${typeName(v)}' object is not reversible`);
}

function ord(v: Value): number {
  if (typeof v !== "string") throw new PyError("TypeError", `ord() expected string of length 1, but ${typeName(v)} found`);
  if (strLength(v) !== 1) throw new PyError("TypeError", `ord() expected a character, but string of length ${strLength(v)} found`);
  return v.codePointAt(0) ?? 0;
}

function chr(v: Value): string {
  if (!isIntLike(v)) throw new PyError("TypeError", `'${typeName(v)}' object cannot be interpreted as an integer`);
  const n = toNumber(v);
  if (n < 0 || n > 0x10ffff) throw new PyError("ValueError", "chr() arg not in range(0x110000)");
  return String.fromCodePoint(n);
}

function abs(v: Value): Value {
  if (!isNumeric(v)) throw new PyError("TypeError", `bad operand type for abs(): '${typeName(v)}'`);
  if (isIntLike(v)) {
    const x = toBigInt(v);
    return normInt(x < 0n ? -x : x);
  }
  return float(Math.abs(toNumber(v)));
}

function radix(prefix: string, base: number): NativeImpl {
  return ([v]) => {
    if (!isIntLike(v)) throw new PyError("TypeError", `'${typeName(v)}' object cannot be interpreted as an integer`);
    const n = toBigInt(v);
    return (n < 0n ? "-" : "") + prefix + (n < 0n ? -n : n).toString(base);
  };
}

/** Identity matters: `evaluate` runs `any(x for ...)` lazily when the callee is one of these. */
export const ANY: Callable = fn("any", 1, 1, ([xs]) => toArray(xs).some(truthy));
export const ALL: Callable = fn("all", 1, 1, ([xs]) => toArray(xs).every(truthy));

/** The functions that need no per-run state. */
const PURE: readonly Callable[] = [
  fn("len", 1, 1, ([v]) => len(v)),
  fn("repr", 1, 1, ([v]) => pyRepr(v)),
  fn("ascii", 1, 1, ([v]) => asciiRepr(v)),
  fn("format", 1, 2, ([v, spec]) => formatValue(v, spec === undefined ? "" : pyStr(spec))),
  fn("abs", 1, 1, ([v]) => abs(v)),
  fn("round", 1, 2, ([x, n], kw) => round(x, kw.get("ndigits") ?? n), ["ndigits"]),
  fn("sum", 1, 2, ([xs, start], kw) => sum(xs, kw.has("start") ? (kw.get("start") as Value) : start === undefined ? 0 : start), ["start"]),
  ANY,
  ALL,
  fn("enumerate", 1, 2, ([xs, start], kw) => {
    const first = kw.has("start") ? (kw.get("start") as Value) : start === undefined ? 0 : start;
    if (!isIntLike(first)) throw new PyError("TypeError", `'${typeName(first)}' object cannot be interpreted as an integer`);
    return toArray(xs).map((x, i) => new PyTuple([binaryOp("+", first, i), x]));
  }, ["start"]),
  fn("zip", 0, Infinity, (args, kw) => zip(args, truthy(kw.get("strict") ?? false)), ["strict"]),
  fn("sorted", 1, 1, ([xs], kw) => sortValues(toArray(xs), kw.get("key"), truthy(kw.get("reverse") ?? false)), ["key", "reverse"]),
  fn("reversed", 1, 1, ([v]) => reversed(v)),
  extreme("min"),
  extreme("max"),
  fn("map", 2, Infinity, async ([f, ...its]) => {
    const g = callable(f, "");
    const out: Value[] = [];
    for (const tuple of zip(its, false)) out.push(await g.call((tuple as PyTuple).items, new Map()));
    return out;
  }),
  fn("filter", 2, 2, async ([f, xs]) => {
    const out: Value[] = [];
    for (const x of toArray(xs)) if (truthy(f === null ? x : await callable(f, "").call([x], new Map()))) out.push(x);
    return out;
  }),
  fn("isinstance", 2, 2, ([v, cls]) => isInstance(v, cls)),
  fn("callable", 1, 1, ([v]) => isCallable(v)),
  fn("ord", 1, 1, ([v]) => ord(v)),
  fn("chr", 1, 1, ([v]) => chr(v)),
  fn("hex", 1, 1, radix("0x", 16)),
  fn("oct", 1, 1, radix("0o", 8)),
  fn("bin", 1, 1, radix("0b", 2)),
  fn("divmod", 2, 2, ([a, b]) => divmod(a, b)),
  fn("pow", 2, 2, ([a, b]) => binaryOp("**", a, b)),
  fn("getattr", 2, 3, ([o, name, dflt]) => {
    try {
      return getAttribute(o, pyStr(name));
    } catch (e) {
      if (dflt !== undefined && e instanceof PyError && e.pyType === "AttributeError") return dflt;
      throw e;
    }
  }),
  fn("hasattr", 2, 2, ([o, name]) => {
    try {
      getAttribute(o, pyStr(name));
      return true;
    } catch (e) {
      if (e instanceof PyError && e.pyType === "AttributeError") return false;
      throw e;
    }
  }),
  ...TYPE_OBJECTS,
];

export const BUILTIN_NAMES: readonly string[] = [...PURE.map((f) => f.name), "print", "input"];

function print(ctx: EvalContext): Callable {
  return fn("print", 0, Infinity, (args, kw) => {
    const sep = kw.get("sep");
    const end = kw.get("end");
    ctx.print(args.map(pyStr).join(sep === undefined || sep === null ? " " : pyStr(sep)) + (end === undefined || end === null ? "\n" : pyStr(end)));
    return null;
  }, ["sep", "end", "flush"]);
}

function input(ctx: EvalContext): Callable {
  return fn("input", 0, 1, async ([prompt]) => {
    if (ctx.input === undefined) throw new PyError("RuntimeError", "input() is not available here: the host registered no input hook");
    return ctx.input(prompt === undefined ? "" : pyStr(prompt));
  });
}

/** Builtins that walk their iterable arguments: each item walked is a step of the run. */
const WALKERS: ReadonlySet<string> = new Set(["sum", "enumerate", "zip", "sorted", "reversed", "min", "max", "map", "filter"]);

/** `f` charging `ctx.tick` with the size of its container arguments before it runs. */
function charged(f: Callable, ctx: EvalContext): Callable {
  const tick = ctx.tick;
  if (tick === undefined) return f;
  return { ...f, call: (args, kwargs) => (tick(args.reduce<number>((n, a) => n + sizeOf(a), 1)), f.call(args, kwargs)) };
}

function sizeOf(v: Value): number {
  if (typeof v === "string" || Array.isArray(v)) return v.length;
  if (v instanceof PyTuple) return v.items.length;
  if (v instanceof PyDict || v instanceof PySet) return v.size;
  if (v instanceof PyRange) return v.length;
  return 0;
}

/** The outermost scope of a run: builtins bound to `ctx`. Put globals in a child of it. */
export function createBuiltins(ctx: EvalContext): Scope {
  const scope = new Scope();
  for (const f of PURE) scope.set(f.name, WALKERS.has(f.name) ? charged(f, ctx) : f);
  scope.set("print", print(ctx));
  scope.set("input", input(ctx));
  return scope;
}

export { BOOL, DICT, FLOAT, INT, LIST, RANGE, SET, STR, TUPLE, TYPE };
