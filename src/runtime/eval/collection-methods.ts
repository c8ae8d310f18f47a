/** Methods of list, tuple, dict and set. `keys()`, `values()`, `items()` return live views. */
import { checkArity } from "./call.js";
import { lessThan, pyEquals } from "./compare.js";
import { PyError } from "./errors.js";
import { pyRepr } from "./repr.js";
import { asIndex, pushAll, replaceAll, toArray } from "./sequence.js";
import type { Method } from "./str-methods.js";
import { PyDict, PyDictView, PySet, PyTuple, isCallable, truthy, typeName, type Value } from "./value.js";

function arity<T>(name: string, min: number, max: number, m: Method<T>, kwargs: readonly string[] = []): Method<T> {
  return (self, args, kw) => {
    checkArity(name, args, kw, min, max, kwargs);
    return m(self, args, kw);
  };
}

function indexOf(items: readonly Value[], x: Value, start: Value | undefined, end: Value | undefined, what: string): number {
  const n = items.length;
  const clamp = (v: Value | undefined, dflt: number) => {
    if (v === undefined) return dflt;
    const i = asIndex(v, what);
    return Math.min(Math.max(i < 0 ? i + n : i, 0), n);
  };
  for (let i = clamp(start, 0); i < clamp(end, n); i++) if (pyEquals(items[i], x)) return i;
  throw new PyError("ValueError", what === "tuple" ? "tuple.index(x): x not in tuple" : `${pyRepr(x)} is not in list`);
}

/** Python's list.sort: stable, keys computed once, `reverse` keeps equal items in order. */
export async function sortValues(items: Value[], key: Value | undefined, reverse: boolean): Promise<Value[]> {
  const keys: Value[] = [];
  if (key !== undefined && key !== null) {
    if (!isCallable(key)) throw new PyError("TypeError", `'${typeName(key)}' object is not callable`);
    for (const x of items) keys.push(await key.call([x], new Map()));
  } else {
    pushAll(keys, items);
  }
  // CPython reverses before and after sorting so that `reverse=True` stays stable.
  const order = items.map((_, i) => i);
  if (reverse) order.reverse();
  const lt = (i: number, j: number) => lessThan(keys[i], keys[j]);
  if (order.length <= 64) binarySort(order, lt);
  else order.sort((i, j) => (lt(i, j) ? -1 : lt(j, i) ? 1 : 0));
  if (reverse) order.reverse();
  return order.map((i) => items[i]);
}

/**
 * CPython's sort for short lists (a leading run, then binary insertion), comparing in the same
 * order, so a TypeError on mixed types names the operands as Python does.
 */
function binarySort(a: number[], lt: (x: number, y: number) => boolean): void {
  if (a.length < 2) return;
  let run = 2;
  if (lt(a[1], a[0])) {
    while (run < a.length && lt(a[run], a[run - 1])) run++;
    a.splice(0, run, ...a.slice(0, run).reverse());
  } else {
    while (run < a.length && !lt(a[run], a[run - 1])) run++;
  }
  for (let start = run; start < a.length; start++) {
    const pivot = a[start];
    let lo = 0;
    let hi = start;
    while (lo < hi) {
      const mid = lo + ((hi - lo) >> 1);
      if (lt(pivot, a[mid])) hi = mid;
      else lo = mid + 1;
    }
    a.splice(lo, 0, ...a.splice(start, 1));
  }
}

export const LIST_METHODS: ReadonlyMap<string, Method<Value[]>> = new Map<string, Method<Value[]>>([
  ["append", arity("append", 1, 1, (xs, a) => (xs.push(a[0]), null))],
  ["extend", arity("extend", 1, 1, (xs, a) => (pushAll(xs, toArray(a[0])), null))],
  ["insert", arity("insert", 2, 2, (xs, a) => {
    const i = asIndex(a[0], "list");
    xs.splice(Math.min(Math.max(i < 0 ? i + xs.length : i, 0), xs.length), 0, a[1]);
    return null;
  })],
  ["pop", arity("pop", 0, 1, (xs, a) => {
    if (xs.length === 0) throw new PyError("IndexError", "pop from empty list");
    const i = a[0] === undefined ? xs.length - 1 : asIndex(a[0], "list");
    const j = i < 0 ? i + xs.length : i;
    if (j < 0 || j >= xs.length) throw new PyError("IndexError", "pop index out of range");
    return xs.splice(j, 1)[0];
  })],
  ["remove", arity("remove", 1, 1, (xs, a) => {
    const i = xs.findIndex((x) => pyEquals(x, a[0]));
    if (i < 0) throw new PyError("ValueError", "list.remove(x): x not in list");
    xs.splice(i, 1);
    return null;
  })],
  ["index", arity("index", 1, 3, (xs, a) => indexOf(xs, a[0], a[1], a[2], "list"))],
  ["count", arity("count", 1, 1, (xs, a) => xs.filter((x) => pyEquals(x, a[0])).length)],
  ["sort", arity("sort", 0, 0, async (xs, _a, k) => {
    const sorted = await sortValues(xs, k.get("key"), truthy(k.get("reverse") ?? false));
    replaceAll(xs, sorted);
    return null;
  }, ["key", "reverse"])],
  ["reverse", arity("reverse", 0, 0, (xs) => (xs.reverse(), null))],
  ["copy", arity("copy", 0, 0, (xs) => xs.slice())],
  ["clear", arity("clear", 0, 0, (xs) => ((xs.length = 0), null))],
]);

export const TUPLE_METHODS: ReadonlyMap<string, Method<PyTuple>> = new Map<string, Method<PyTuple>>([
  ["index", arity("index", 1, 3, (t, a) => indexOf(t.items, a[0], a[1], a[2], "tuple"))],
  ["count", arity("count", 1, 1, (t, a) => t.items.filter((x) => pyEquals(x, a[0])).length)],
]);

/** dict.update / dict(...) argument handling: a dict, an iterable of pairs, and keywords. */
export function updateDict(d: PyDict, source: Value | undefined, kwargs: ReadonlyMap<string, Value>): void {
  if (source instanceof PyDict) {
    for (const [k, v] of source.entries()) d.set(k, v);
  } else if (source !== undefined) {
    let i = 0;
    for (const pair of toArray(source)) {
      const kv = toArray(pair);
      if (kv.length !== 2) throw new PyError("ValueError", `dictionary update sequence element #${i} has length ${kv.length}; 2 is required`);
      d.set(kv[0], kv[1]);
      i++;
    }
  }
  for (const [k, v] of kwargs) d.set(k, v);
}

function missingKey(k: Value): PyError {
  return new PyError("KeyError", pyRepr(k));
}

export const DICT_METHODS: ReadonlyMap<string, Method<PyDict>> = new Map<string, Method<PyDict>>([
  ["get", arity("get", 1, 2, (d, a) => {
    const v = d.get(a[0]);
    return v !== undefined ? v : a.length > 1 ? a[1] : null;
  })],
  ["keys", arity("keys", 0, 0, (d) => new PyDictView(d, "keys"))],
  ["values", arity("values", 0, 0, (d) => new PyDictView(d, "values"))],
  ["items", arity("items", 0, 0, (d) => new PyDictView(d, "items"))],
  ["update", (d, a, k) => {
    checkArity("update", a, new Map(), 0, 1);
    updateDict(d, a[0], k);
    return null;
  }],
  ["pop", arity("pop", 1, 2, (d, a) => {
    const v = d.get(a[0]);
    if (v === undefined) {
      if (a.length > 1) return a[1];
      throw missingKey(a[0]);
    }
    d.delete(a[0]);
    return v;
  })],
  ["popitem", arity("popitem", 0, 0, (d) => {
    const last = d.entries().pop();
    if (last === undefined) throw new PyError("KeyError", "'popitem(): dictionary is empty'");
    d.delete(last[0]);
    return new PyTuple(last);
  })],
  ["setdefault", arity("setdefault", 1, 2, (d, a) => {
    const v = d.get(a[0]);
    if (v !== undefined) return v;
    d.set(a[0], a[1] ?? null);
    return a[1] ?? null;
  })],
  ["copy", arity("copy", 0, 0, (d) => new PyDict(d.entries()))],
  ["clear", arity("clear", 0, 0, (d) => (d.clear(), null))],
]);

function others(a: readonly Value[]): PySet[] {
  return a.map((x) => (x instanceof PySet ? x : new PySet(toArray(x))));
}

export const SET_METHODS: ReadonlyMap<string, Method<PySet>> = new Map<string, Method<PySet>>([
  ["add", arity("add", 1, 1, (s, a) => (s.add(a[0]), null))],
  ["update", (s, a, k) => {
    checkArity("update", a, k, 0, Infinity);
    for (const o of others(a)) for (const v of o.values()) s.add(v);
    return null;
  }],
  ["discard", arity("discard", 1, 1, (s, a) => (s.delete(a[0]), null))],
  ["remove", arity("remove", 1, 1, (s, a) => {
    if (!s.delete(a[0])) throw missingKey(a[0]);
    return null;
  })],
  ["pop", arity("pop", 0, 0, (s) => {
    const first = s.values()[0];
    if (first === undefined) throw new PyError("KeyError", "'pop from an empty set'");
    s.delete(first);
    return first;
  })],
  ["clear", arity("clear", 0, 0, (s) => (s.clear(), null))],
  ["copy", arity("copy", 0, 0, (s) => new PySet(s.values()))],
  ["union", (s, a) => new PySet([...s.values(), ...others(a).flatMap((o) => o.values())])],
  ["intersection", (s, a) => new PySet(s.values().filter((v) => others(a).every((o) => o.has(v))))],
  ["difference", (s, a) => new PySet(s.values().filter((v) => !others(a).some((o) => o.has(v))))],
  ["symmetric_difference", arity("symmetric_difference", 1, 1, (s, a) => {
    const [o] = others(a);
    return new PySet([...s.values().filter((v) => !o.has(v)), ...o.values().filter((v) => !s.has(v))]);
  })],
  ["issubset", arity("issubset", 1, 1, (s, a) => s.values().every((v) => others(a)[0].has(v)))],
  ["issuperset", arity("issuperset", 1, 1, (s, a) => others(a)[0].values().every((v) => s.has(v)))],
  ["isdisjoint", arity("isdisjoint", 1, 1, (s, a) => !s.values().some((v) => others(a)[0].has(v)))],
]);
