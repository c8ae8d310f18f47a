/**
 * Iteration, indexing and slicing. Strings index by code point as Python does (JS strings are
 * UTF-16, so an emoji would otherwise count twice).
 */
import { PyError } from "./errors.js";
import { pyRepr } from "./repr.js";
import { PyDict, PyDictView, PyRange, PySet, PyTuple, isIntLike, kindOf, toNumber, tuple, typeName, type Value } from "./value.js";

/** Sequences longer than this are refused rather than exhausting memory (`list(range(10**12))`). */
export const MAX_SEQUENCE_LENGTH = 10_000_000;

const SURROGATE = /[\uD800-\uDFFF]/;

export function codePoints(s: string): string[] {
  return Array.from(s);
}

export function strLength(s: string): number {
  return SURROGATE.test(s) ? Array.from(s).length : s.length;
}

/** Python's iteration: a str by characters, a dict by keys; lists live, so appending while looping is seen. */
export function* iterate(v: Value): Generator<Value, void, undefined> {
  const k = kindOf(v);
  switch (k) {
    case "str":
      yield* codePoints(v as string);
      return;
    case "list": {
      const xs = v as Value[];
      for (let i = 0; i < xs.length; i++) yield xs[i];
      return;
    }
    case "tuple":
      yield* (v as PyTuple).items;
      return;
    case "dict":
      yield* (v as PyDict).keys();
      return;
    case "set":
      yield* (v as PySet).values();
      return;
    case "range":
      yield* v as PyRange;
      return;
    case "dictview":
      yield* (v as PyDictView).items();
      return;
    default:
      throw new PyError("TypeError", `'${typeName(v)}' object is not iterable`);
  }
}

/** All items of an iterable as a fresh array. */
export function toArray(v: Value): Value[] {
  if (Array.isArray(v)) return v.slice();
  if (v instanceof PyRange && v.length > MAX_SEQUENCE_LENGTH) throw tooLong();
  const out: Value[] = [];
  for (const x of iterate(v)) {
    out.push(x);
    if (out.length > MAX_SEQUENCE_LENGTH) throw tooLong();
  }
  return out;
}

/** Appends one by one: spreading millions of items into `push(...)` overflows the JS stack. */
export function pushAll(target: Value[], items: readonly Value[]): void {
  for (const x of items) target.push(x);
}

/** Replaces a list's contents in place (aliases see the change). */
export function replaceAll(target: Value[], items: readonly Value[]): void {
  const copy = items === target ? items.slice() : items;
  target.length = 0;
  pushAll(target, copy);
}

/** `s * n` for strings, refused (MemoryError) past MAX_SEQUENCE_LENGTH characters rather than exhausting memory. */
export function repeatString(s: string, n: number): string {
  if (n <= 0 || s.length === 0) return "";
  if (s.length * n > MAX_SEQUENCE_LENGTH) throw tooLong();
  return s.repeat(n);
}

export function tooLong(): PyError {
  return new PyError("MemoryError", `sequence longer than ${MAX_SEQUENCE_LENGTH} items`);
}

/** An int usable as an index; Python accepts bools too. */
export function asIndex(v: Value, container: string): number {
  // CPython says this one with an IndexError when subscripting (an OverflowError elsewhere).
  if (typeof v === "bigint") throw new PyError("IndexError", "cannot fit 'int' into an index-sized integer");
  if (isIntLike(v)) return indexSized(v);
  throw new PyError("TypeError", `${container} indices must be integers or slices, not ${typeName(v)}`);
}

/** An int as a JS number for counts and indices; a bigint cannot be one, as in CPython. */
export function indexSized(v: number | bigint | boolean): number {
  if (typeof v === "bigint") throw new PyError("OverflowError", "cannot fit 'int' into an index-sized integer");
  return Number(v);
}

function normalize(i: number, length: number, what: string): number {
  const j = i < 0 ? i + length : i;
  if (j < 0 || j >= length) throw new PyError("IndexError", `${what} index out of range`);
  return j;
}

/** `a[lo:hi:step]` bounds; `undefined`/None mean "omitted". */
export interface SliceBounds {
  readonly lower: Value | undefined;
  readonly upper: Value | undefined;
  readonly step: Value | undefined;
}

function sliceInt(v: Value | undefined): number | undefined {
  if (v === undefined || v === null) return undefined;
  // Slice bounds are clamped, so a huge int acts as ±infinity.
  if (typeof v === "bigint") return v < 0n ? -Infinity : Infinity;
  if (isIntLike(v)) return toNumber(v);
  throw new PyError("TypeError", "slice indices must be integers or None or have an __index__ method");
}

/** The indices a slice selects in a sequence of `length`, as CPython's `PySlice_AdjustIndices` computes them. */
export function sliceIndices(b: SliceBounds, length: number): number[] {
  const step = sliceInt(b.step) ?? 1;
  if (step === 0) throw new PyError("ValueError", "slice step cannot be zero");
  const clamp = (v: number | undefined, dflt: number, lo: number, hi: number): number => {
    if (v === undefined) return dflt;
    const j = v < 0 ? v + length : v;
    return Math.min(Math.max(j, lo), hi);
  };
  const out: number[] = [];
  if (step > 0) {
    const start = clamp(sliceInt(b.lower), 0, 0, length);
    const stop = clamp(sliceInt(b.upper), length, 0, length);
    for (let i = start; i < stop; i += step) out.push(i);
  } else {
    const start = clamp(sliceInt(b.lower), length - 1, -1, length - 1);
    const stop = clamp(sliceInt(b.upper), -1, -1, length - 1);
    for (let i = start; i > stop; i += step) out.push(i);
  }
  return out;
}

/** `obj[index]`. */
export function getItem(obj: Value, index: Value): Value {
  const k = kindOf(obj);
  switch (k) {
    case "list": {
      const xs = obj as Value[];
      return xs[normalize(asIndex(index, "list"), xs.length, "list")];
    }
    case "tuple": {
      const xs = (obj as PyTuple).items;
      return xs[normalize(asIndex(index, "tuple"), xs.length, "tuple")];
    }
    case "str": {
      const s = obj as string;
      const i = asIndex(index, "string");
      if (!SURROGATE.test(s)) return s[normalize(i, s.length, "string")];
      const cps = codePoints(s);
      return cps[normalize(i, cps.length, "string")];
    }
    case "range": {
      const r = obj as PyRange;
      return r.at(normalize(asIndex(index, "range"), r.length, "range object"));
    }
    case "dict": {
      const found = (obj as PyDict).get(index);
      if (found === undefined) throw new PyError("KeyError", pyRepr(index));
      return found;
    }
    default:
      throw new PyError("TypeError", `'${typeName(obj)}' object is not subscriptable`);
  }
}

/** `obj[lo:hi:step]`. */
export function getSlice(obj: Value, b: SliceBounds): Value {
  const k = kindOf(obj);
  switch (k) {
    case "list": {
      const xs = obj as Value[];
      return sliceIndices(b, xs.length).map((i) => xs[i]);
    }
    case "tuple": {
      const xs = (obj as PyTuple).items;
      return tuple(sliceIndices(b, xs.length).map((i) => xs[i]));
    }
    case "str": {
      const s = obj as string;
      if ((sliceInt(b.step) ?? 1) === 1 && !SURROGATE.test(s)) {
        const idx = sliceIndices(b, s.length);
        return idx.length === 0 ? "" : s.slice(idx[0], idx[idx.length - 1] + 1);
      }
      const cps = codePoints(s);
      return sliceIndices(b, cps.length).map((i) => cps[i]).join("");
    }
    case "range": {
      const r = obj as PyRange;
      const idx = sliceIndices(b, r.length);
      const step = r.step * (sliceInt(b.step) ?? 1);
      if (idx.length === 0) return new PyRange(0, 0, 1);
      return new PyRange(r.at(idx[0]), r.at(idx[idx.length - 1]) + step, step);
    }
    case "dict":
      throw new PyError("TypeError", "unhashable type: 'slice'");
    default:
      throw new PyError("TypeError", `'${typeName(obj)}' object is not subscriptable`);
  }
}

/** `obj[index] = value`. */
export function setItem(obj: Value, index: Value, value: Value): void {
  if (Array.isArray(obj)) {
    obj[normalize(asIndex(index, "list"), obj.length, "list assignment")] = value;
    return;
  }
  if (obj instanceof PyDict) {
    obj.set(index, value);
    return;
  }
  throw new PyError("TypeError", `'${typeName(obj)}' object does not support item assignment`);
}

/** `xs[lo:hi:step] = values` on a list. */
export function setSlice(obj: Value, b: SliceBounds, values: Value): void {
  if (!Array.isArray(obj)) throw new PyError("TypeError", `'${typeName(obj)}' object does not support item assignment`);
  const items = toArray(values);
  const step = sliceInt(b.step) ?? 1;
  const idx = sliceIndices(b, obj.length);
  if (step === 1) {
    const start = idx.length > 0 ? idx[0] : sliceIndices({ lower: b.lower, upper: undefined, step: 1 }, obj.length)[0] ?? obj.length;
    replaceAll(obj, [...obj.slice(0, start), ...items, ...obj.slice(start + idx.length)]);
    return;
  }
  if (idx.length !== items.length) {
    throw new PyError("ValueError", `attempt to assign sequence of size ${items.length} to extended slice of size ${idx.length}`);
  }
  idx.forEach((i, j) => (obj[i] = items[j]));
}
