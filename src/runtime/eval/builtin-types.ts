/**
 * The built-in types as callable singletons (`int("3")`, `isinstance(x, str)`, `type(x) is list`).
 * They hold no per-run state, so one instance serves every run.
 */
import { unreachable } from "../../diagnostics/diagnostic.js";
import { checkArity, NO_KWARGS } from "./call.js";
import { updateDict } from "./collection-methods.js";
import { PyError } from "./errors.js";
import { pyRepr, pyStr } from "./repr.js";
import { indexSized, toArray } from "./sequence.js";
import { MAX_INT_BITS, PyDict, PyRange, PySet, PyTuple, float, type PyDictView, int, intTooLarge, normInt, toBigInt, isIntLike, isNumeric, kindOf, toNumber, truthy, typeName, type Callable, type Value } from "./value.js";

export interface TypeObject extends Callable {
  readonly flavor: "type";
}

function typeObject(name: string, construct: (args: readonly Value[], kwargs: ReadonlyMap<string, Value>) => Value): TypeObject {
  return { kind: "callable", name, flavor: "type", call: async (args, kwargs) => construct(args, kwargs) };
}

/** Base-0 literals as Python source spells them: no leading zeros on a non-zero decimal. */
const INT_LITERAL = /^[+-]?(?:0[bB](?:_?[01])+|0[oO](?:_?[0-7])+|0[xX](?:_?[0-9a-fA-F])+|[1-9](?:_?\d)*|0(?:_?0)*)$/;

const DECIMAL_DIGIT = /\p{Nd}/u;

/**
 * Any Unicode decimal digit as its ASCII digit (`int("٣")` is 3 in Python). Unicode lays digits
 * out in runs of ten starting at zero, so a digit's value is its distance from the run's start.
 */
function asciiDigits(s: string): string {
  return s.replace(/\p{Nd}/gu, (ch) => {
    const cp = ch.codePointAt(0) ?? 0;
    let run = 0;
    // Runs of ten can touch (the mathematical digits are five in a row): count back to the start.
    while (run < 100 && DECIMAL_DIGIT.test(String.fromCodePoint(cp - run - 1))) run++;
    return String((cp < 0x80 ? cp - 0x30 : run) % 10);
  });
}

function parseIntText(text: string, base: number): number | bigint {
  const s = asciiDigits(text.trim());
  const bad = () => new PyError("ValueError", `invalid literal for int() with base ${base}: ${pyRepr(text)}`);
  if (base === 0 && !INT_LITERAL.test(s)) throw bad();
  const sign = s.startsWith("-") ? -1 : 1;
  let body = s.replace(/^[+-]/, "");
  let radix = base === 0 ? 10 : base;
  const prefix = /^0([bBoOxX])/.exec(body);
  if (prefix !== null && (base === 0 || base === { b: 2, o: 8, x: 16 }[prefix[1].toLowerCase() as "b" | "o" | "x"])) {
    radix = { b: 2, o: 8, x: 16 }[prefix[1].toLowerCase() as "b" | "o" | "x"];
    body = body.slice(2).replace(/^_/, "");
  }
  if (!/^[0-9a-zA-Z](?:_?[0-9a-zA-Z])*$/.test(body)) throw bad();
  const digits = body.replace(/_/g, "");
  if (digits.length * Math.log2(radix) > MAX_INT_BITS) throw intTooLarge();
  let n = 0n;
  const r = BigInt(radix);
  for (const ch of digits) {
    const d = parseInt(ch, 36);
    if (d >= radix) throw bad();
    n = n * r + BigInt(d);
  }
  return normInt(sign < 0 ? -n : n);
}

export const INT = typeObject("int", (args, kwargs) => {
  checkArity("int", args, kwargs, 0, 2, ["base"]);
  const x = args.length === 0 ? 0 : args[0];
  const baseArg = kwargs.has("base") ? kwargs.get("base") : args[1];
  if (baseArg !== undefined) {
    if (typeof x !== "string") throw new PyError("TypeError", "int() can't convert non-string with explicit base");
    const base = toNumber(baseArg);
    if (base !== 0 && (base < 2 || base > 36)) throw new PyError("ValueError", "int() base must be >= 2 and <= 36, or 0");
    return parseIntText(x, base);
  }
  if (typeof x === "string") return parseIntText(x, 10);
  if (isIntLike(x)) return normInt(toBigInt(x));
  if (isNumeric(x)) return int(Math.trunc(toNumber(x)));
  throw new PyError("TypeError", `int() argument must be a string, a bytes-like object or a real number, not '${typeName(x)}'`);
});

const FLOAT_LITERAL = /^[+-]?(?:(?:\d(?:_?\d)*)?\.?(?:\d(?:_?\d)*)?(?:[eE][+-]?\d(?:_?\d)*)?|inf|infinity|nan)$/i;

export function parseFloatText(text: string): number {
  const s = asciiDigits(text.trim());
  if (s === "" || !FLOAT_LITERAL.test(s) || !/\d|inf|nan/i.test(s)) throw new PyError("ValueError", `could not convert string to float: ${pyRepr(text)}`);
  const lower = s.toLowerCase().replace(/_/g, "");
  const sign = lower.startsWith("-") ? -1 : 1;
  const body = lower.replace(/^[+-]/, "");
  if (body === "inf" || body === "infinity") return sign * Infinity;
  if (body === "nan") return NaN;
  return Number(lower);
}

export const FLOAT = typeObject("float", (args, kwargs) => {
  checkArity("float", args, kwargs, 0, 1);
  const x = args.length === 0 ? 0 : args[0];
  if (typeof x === "string") return float(parseFloatText(x));
  if (isNumeric(x)) return float(toNumber(x));
  throw new PyError("TypeError", `float() argument must be a string or a real number, not '${typeName(x)}'`);
});

export const STR = typeObject("str", (args, kwargs) => {
  checkArity("str", args, kwargs, 0, 1);
  return args.length === 0 ? "" : pyStr(args[0]);
});

export const BOOL = typeObject("bool", (args, kwargs) => {
  checkArity("bool", args, kwargs, 0, 1);
  return args.length === 0 ? false : truthy(args[0]);
});

export const LIST = typeObject("list", (args, kwargs) => {
  checkArity("list", args, kwargs, 0, 1);
  return args.length === 0 ? [] : toArray(args[0]);
});

export const TUPLE = typeObject("tuple", (args, kwargs) => {
  checkArity("tuple", args, kwargs, 0, 1);
  return new PyTuple(args.length === 0 ? [] : toArray(args[0]));
});

export const SET = typeObject("set", (args, kwargs) => {
  checkArity("set", args, kwargs, 0, 1);
  return new PySet(args.length === 0 ? [] : toArray(args[0]));
});

export const DICT = typeObject("dict", (args, kwargs) => {
  checkArity("dict", args, NO_KWARGS, 0, 1);
  const d = new PyDict();
  updateDict(d, args[0], kwargs);
  return d;
});

function rangeArg(v: Value): number {
  if (!isIntLike(v)) throw new PyError("TypeError", `'${typeName(v)}' object cannot be interpreted as an integer`);
  return indexSized(v);
}

export const RANGE = typeObject("range", (args, kwargs) => {
  checkArity("range", args, kwargs, 1, 3);
  const [start, stop, step] = args.length === 1 ? [0, rangeArg(args[0]), 1] : [rangeArg(args[0]), rangeArg(args[1]), args.length === 3 ? rangeArg(args[2]) : 1];
  if (step === 0) throw new PyError("ValueError", "range() arg 3 must not be zero");
  return new PyRange(start, stop, step);
});

const NONE_TYPE = typeObject("NoneType", (args, kwargs) => (checkArity("NoneType", args, kwargs, 0, 0), null));
const FUNCTION_TYPE = notConstructible("function");
const OBJECT_TYPE = typeObject("object", () => {
  throw new PyError("TypeError", "cannot create host objects from a query");
});

function notConstructible(name: string): TypeObject {
  return typeObject(name, () => {
    throw new PyError("TypeError", `cannot create '${name}' instances`);
  });
}

const VIEW_TYPES: Readonly<Record<PyDictView["view"], TypeObject>> = {
  keys: notConstructible("dict_keys"),
  values: notConstructible("dict_values"),
  items: notConstructible("dict_items"),
};

export const TYPE: TypeObject = typeObject("type", (args, kwargs) => {
  checkArity("type", args, kwargs, 1, 1);
  return typeOf(args[0]);
});

/** Python's `type(v)`. */
export function typeOf(v: Value): TypeObject {
  const k = kindOf(v);
  switch (k) {
    case "none":
      return NONE_TYPE;
    case "bool":
      return BOOL;
    case "int":
      return INT;
    case "float":
      return FLOAT;
    case "str":
      return STR;
    case "list":
      return LIST;
    case "tuple":
      return TUPLE;
    case "dict":
      return DICT;
    case "set":
      return SET;
    case "range":
      return RANGE;
    case "dictview":
      return VIEW_TYPES[(v as PyDictView).view];
    case "callable":
      return (v as Callable).flavor === "type" ? TYPE : FUNCTION_TYPE;
    case "host":
      return OBJECT_TYPE;
    default:
      return unreachable(k);
  }
}

/** Python's `isinstance(v, cls)`; `cls` may be a tuple of types. bool counts as an int. */
export function isInstance(v: Value, cls: Value): boolean {
  if (cls instanceof PyTuple) return cls.items.some((c) => isInstance(v, c));
  if (typeof cls !== "object" || cls === null || Array.isArray(cls) || cls.kind !== "callable" || cls.flavor !== "type") {
    throw new PyError("TypeError", "isinstance() arg 2 must be a type, a tuple of types, or a union");
  }
  const t = typeOf(v);
  return t === cls || (cls === INT && t === BOOL) || (cls === OBJECT_TYPE);
}

export const TYPE_OBJECTS: readonly TypeObject[] = [INT, FLOAT, STR, BOOL, LIST, TUPLE, SET, DICT, RANGE, TYPE, OBJECT_TYPE];
