/** Equality, identity, ordering and membership with Python's rules. */
import type { CompareOp } from "../../syntax/ast.js";
import { unreachable } from "../../diagnostics/diagnostic.js";
import { PyError } from "./errors.js";
import { PyDict, PyDictView, PyFloat, PyRange, PySet, PyTuple, isNumeric, toNumber, typeName, type Value } from "./value.js";

/** Python's `a == b`: `1 == 1.0 == True`, containers element-wise, a list never equals a tuple. */
export function pyEquals(a: Value, b: Value, depth = 0): boolean {
  if (a === b) return typeof a !== "number" || !Number.isNaN(a);
  if (isNumeric(a) && isNumeric(b)) return compareNumbers(a, b) === 0;
  // Two distinct self-containing lists recurse forever: Python's answer is a RecursionError.
  if (depth > MAX_NESTING) throw new PyError("RecursionError", "maximum recursion depth exceeded in comparison");
  if (Array.isArray(a) && Array.isArray(b)) return sequenceEquals(a, b, depth + 1);
  if (a instanceof PyTuple && b instanceof PyTuple) return sequenceEquals(a.items, b.items, depth + 1);
  if (a instanceof PyDict && b instanceof PyDict) {
    if (a.size !== b.size) return false;
    return a.entries().every(([k, v]) => {
      const other = b.get(k);
      return other !== undefined && pyEquals(v, other, depth + 1);
    });
  }
  const sa = asSet(a);
  const sb = asSet(b);
  if (sa !== undefined && sb !== undefined) return sa.size === sb.size && sa.values().every((x) => sb.has(x));
  if (a instanceof PyRange && b instanceof PyRange) {
    return a.length === b.length && (a.length === 0 || (a.start === b.start && (a.length === 1 || a.step === b.step)));
  }
  return false;
}

function sequenceEquals(a: readonly Value[], b: readonly Value[], depth: number): boolean {
  return a.length === b.length && a.every((x, i) => pyEquals(x, b[i], depth));
}

/** Python's recursion limit, for walks over nested containers. */
export const MAX_NESTING = 1000;

/** A set, or the set a keys/items view stands for; undefined for anything else. */
export function asSet(v: Value): PySet | undefined {
  if (v instanceof PySet) return v;
  if (v instanceof PyDictView && v.setLike) return new PySet(v.items());
  return undefined;
}

/** Python's `is`: the same object; None, bools, ints and strs by value. */
export function identical(a: Value, b: Value): boolean {
  return a === b;
}

/** Python's `item in container`. */
export function contains(container: Value, item: Value): boolean {
  if (typeof container === "string") {
    if (typeof item !== "string") throw new PyError("TypeError", `'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => x === item || pyEquals(x, item));
  if (container instanceof PyTuple) return container.items.some((x) => x === item || pyEquals(x, item));
  if (container instanceof PyDict || container instanceof PySet) return container.has(item);
  if (container instanceof PyDictView) return viewContains(container, item);
  if (container instanceof PyRange) {
    if (!isNumeric(item) || typeof item === "bigint") return false;
    const n = toNumber(item);
    if (!Number.isInteger(n)) return false;
    const i = (n - container.start) / container.step;
    return Number.isInteger(i) && i >= 0 && i < container.length;
  }
  throw new PyError("TypeError", `argument of type '${typeName(container)}' is not iterable`);
}

function viewContains(view: PyDictView, item: Value): boolean {
  switch (view.view) {
    case "keys":
      return view.dict.has(item);
    case "items": {
      if (!(item instanceof PyTuple) || item.items.length !== 2) return false;
      const found = view.dict.get(item.items[0]);
      return found !== undefined && pyEquals(found, item.items[1]);
    }
    case "values":
      return view.dict.values().some((x) => x === item || pyEquals(x, item));
    default:
      return unreachable(view.view);
  }
}

type Num = number | bigint | boolean | PyFloat;

function raw(v: Num): number | bigint {
  return typeof v === "boolean" ? Number(v) : v instanceof PyFloat ? v.value : v;
}

/**
 * -1, 0, 1, or NaN (a NaN operand), exactly: a big int against a float compares the true values,
 * not a rounded copy (`2**53 + 1 == 2.0**53` is False).
 */
export function compareNumbers(a: Num, b: Num): number {
  const x = raw(a);
  const y = raw(b);
  if (typeof x === "number" && typeof y === "number") return x < y ? -1 : x > y ? 1 : x === y ? 0 : NaN;
  if (typeof x === "bigint" && typeof y === "bigint") return x < y ? -1 : x > y ? 1 : 0;
  const [big, other, flip] = typeof x === "bigint" ? [x, y as number, 1] : [y as bigint, x as number, -1];
  if (Number.isNaN(other)) return NaN;
  if (!Number.isFinite(other)) return other > 0 ? -flip : flip;
  // Compare against the float's floor exactly; a fractional part breaks a tie upwards.
  const floor = BigInt(Math.floor(other));
  const c = big < floor ? -1 : big > floor ? 1 : Number.isInteger(other) ? 0 : -1;
  return c * flip;
}

/** -1, 0 or 1 for orderable pairs; TypeError naming `op` otherwise. Sets are handled separately (partial order). */
function order(a: Value, b: Value, op: string): number {
  if (isNumeric(a) && isNumeric(b)) return compareNumbers(a, b);
  if (typeof a === "string" && typeof b === "string") return compareStrings(a, b);
  if (Array.isArray(a) && Array.isArray(b)) return orderSequences(a, b, op);
  if (a instanceof PyTuple && b instanceof PyTuple) return orderSequences(a.items, b.items, op);
  throw notSupported(op, a, b);
}

function notSupported(op: string, a: Value, b: Value): PyError {
  return new PyError("TypeError", `'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

/** By code point, as Python compares; plain `<` on JS strings compares UTF-16 units. */
function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i) ?? 0;
    const y = b.codePointAt(i) ?? 0;
    if (x !== y) return x < y ? -1 : 1;
    if (x > 0xffff) i++;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

function orderSequences(a: readonly Value[], b: readonly Value[], op: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    if (!pyEquals(a[i], b[i])) return order(a[i], b[i], op);
  }
  return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
}

function setOrder(op: "<" | ">" | "<=" | ">=", a: PySet, b: PySet): boolean {
  const subset = (x: PySet, y: PySet) => x.values().every((v) => y.has(v));
  switch (op) {
    case "<=":
      return subset(a, b);
    case "<":
      return a.size < b.size && subset(a, b);
    case ">=":
      return subset(b, a);
    case ">":
      return b.size < a.size && subset(b, a);
    default:
      return unreachable(op);
  }
}

/** One link of a comparison chain. */
export function compareValues(op: CompareOp, a: Value, b: Value): boolean {
  switch (op) {
    case "==":
      return pyEquals(a, b);
    case "!=":
      return !pyEquals(a, b);
    case "in":
      return contains(b, a);
    case "not in":
      return !contains(b, a);
    case "is":
      return identical(a, b);
    case "is not":
      return !identical(a, b);
    case "<":
    case ">":
    case "<=":
    case ">=": {
      const sa = asSet(a);
      const sb = asSet(b);
      if (sa !== undefined && sb !== undefined) return setOrder(op, sa, sb);
      const c = order(a, b, op);
      if (op === "<") return c < 0;
      if (op === ">") return c > 0;
      if (op === "<=") return c <= 0;
      return c >= 0;
    }
    default:
      return unreachable(op);
  }
}

/** Used by `sorted`, `min`, `max`: Python's `<`, raising TypeError for unorderable pairs. */
export function lessThan(a: Value, b: Value): boolean {
  const sa = asSet(a);
  const sb = asSet(b);
  if (sa !== undefined && sb !== undefined) return setOrder("<", sa, sb);
  return order(a, b, "<") < 0;
}
