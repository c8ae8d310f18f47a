/** Unary and binary operators with Python's rules for int, float, str, sequences, sets and dicts. */
import type { AugOp, BinaryOp, UnaryOp } from "../../syntax/ast.js";
import { unreachable } from "../../diagnostics/diagnostic.js";
import { PyError } from "./errors.js";
import { floatPow } from "./float-pow.js";
import { percentFormat } from "./percent-format.js";
import { MAX_SEQUENCE_LENGTH, pushAll, repeatString, replaceAll, toArray, tooLong } from "./sequence.js";
import { PyDict, PyDictView, PySet, PyTuple, float, int, intTooLarge, isIntLike, isNumeric, toNumber, truthy, typeName, type Value } from "./value.js";

export function unaryOp(op: UnaryOp, v: Value): Value {
  switch (op) {
    case "not":
      return !truthy(v);
    case "-":
    case "+": {
      if (!isNumeric(v)) throw new PyError("TypeError", `bad operand type for unary ${op}: '${typeName(v)}'`);
      const x = op === "-" ? -toNumber(v) : toNumber(v);
      return isIntLike(v) ? int(x) : float(x);
    }
    case "~":
      if (!isIntLike(v)) throw new PyError("TypeError", `bad operand type for unary ~: '${typeName(v)}'`);
      return int(-toNumber(v) - 1);
    default:
      return unreachable(op);
  }
}

function unsupported(op: string, a: Value, b: Value): PyError {
  const shown = op === "**" ? "** or pow()" : op;
  return new PyError("TypeError", `unsupported operand type(s) for ${shown}: '${typeName(a)}' and '${typeName(b)}'`);
}

function isSequence(v: Value): v is string | Value[] | PyTuple {
  return typeof v === "string" || Array.isArray(v) || v instanceof PyTuple;
}

export function binaryOp(op: BinaryOp, a: Value, b: Value): Value {
  if (isNumeric(a) && isNumeric(b)) return arithmetic(op, a, b);
  switch (op) {
    case "+":
      return concat(a, b);
    case "*":
      return repeat(a, b);
    case "%":
      if (typeof a === "string") return percentFormat(a, b);
      throw unsupported(op, a, b);
    case "|":
    case "&":
    case "-":
    case "^":
      if (a instanceof PySet && b instanceof PySet) return setOp(op, a, b);
      // A keys/items view combines with any iterable, on either side, giving a set.
      if (isSetLikeView(a) || isSetLikeView(b)) return setOp(op, new PySet(toArray(a)), new PySet(toArray(b)));
      if (op === "|" && a instanceof PyDict && b instanceof PyDict) return new PyDict([...a.entries(), ...b.entries()]);
      throw unsupported(op, a, b);
    case "/":
    case "//":
    case "**":
    case "@":
    case "<<":
    case ">>":
      throw unsupported(op, a, b);
    default:
      return unreachable(op);
  }
}

function isSetLikeView(v: Value): boolean {
  return v instanceof PyDictView && v.setLike;
}

function concat(a: Value, b: Value): Value {
  if (typeof a === "string") {
    if (typeof b === "string") return checkLength(a.length + b.length, () => a + b);
    throw new PyError("TypeError", `can only concatenate str (not "${typeName(b)}") to str`);
  }
  if (Array.isArray(a)) {
    if (Array.isArray(b)) return [...a, ...b];
    throw new PyError("TypeError", `can only concatenate list (not "${typeName(b)}") to list`);
  }
  if (a instanceof PyTuple) {
    if (b instanceof PyTuple) return new PyTuple([...a.items, ...b.items]);
    throw new PyError("TypeError", `can only concatenate tuple (not "${typeName(b)}") to tuple`);
  }
  throw unsupported("+", a, b);
}

function repeat(a: Value, b: Value): Value {
  const [seq, count] = isSequence(a) ? [a, b] : isSequence(b) ? [b, a] : [undefined, undefined];
  if (seq === undefined || count === undefined) throw unsupported("*", a, b);
  if (!isIntLike(count)) throw new PyError("TypeError", `can't multiply sequence by non-int of type '${typeName(count)}'`);
  const n = Math.max(0, toNumber(count));
  if (typeof seq === "string") return repeatString(seq, n);
  const items = Array.isArray(seq) ? seq : (seq as PyTuple).items;
  const out = repeatItems(items, n);
  return Array.isArray(seq) ? out : new PyTuple(out);
}

/** `items * n` as a new array; an empty list times anything is empty, however large the count. */
function repeatItems(items: readonly Value[], n: number): Value[] {
  const out: Value[] = [];
  if (items.length === 0) return out;
  checkLength(items.length * n, () => null);
  for (let i = 0; i < n; i++) pushAll(out, items);
  return out;
}

function checkLength<T>(length: number, make: () => T): T {
  if (length > MAX_SEQUENCE_LENGTH) throw tooLong();
  return make();
}

function setOp(op: "|" | "&" | "-" | "^", a: PySet, b: PySet): PySet {
  switch (op) {
    case "|":
      return new PySet([...a.values(), ...b.values()]);
    case "&":
      return new PySet(a.values().filter((x) => b.has(x)));
    case "-":
      return new PySet(a.values().filter((x) => !b.has(x)));
    case "^":
      return new PySet([...a.values().filter((x) => !b.has(x)), ...b.values().filter((x) => !a.has(x))]);
    default:
      return unreachable(op);
  }
}

type Num = number | boolean | { readonly kind: "float"; readonly value: number };

function arithmetic(op: BinaryOp, a: Num, b: Num): Value {
  const ints = isIntLike(a) && isIntLike(b);
  const x = toNumber(a);
  const y = toNumber(b);
  const num = (r: number) => (ints ? int(r) : float(r));
  switch (op) {
    case "+":
      return num(x + y);
    case "-":
      return num(x - y);
    case "*":
      return num(x * y);
    case "/":
      if (y === 0) throw new PyError("ZeroDivisionError", ints ? "division by zero" : "float division by zero");
      return float(x / y);
    case "//":
      if (y === 0) throw new PyError("ZeroDivisionError", ints ? "integer division or modulo by zero" : "float floor division by zero");
      return ints ? int(Number(floorDiv(BigInt(x), BigInt(y)))) : float(floatFloorDiv(x, y));
    case "%":
      if (y === 0) throw new PyError("ZeroDivisionError", ints ? "integer modulo by zero" : "float modulo");
      return num(pyMod(x, y));
    case "**":
      return power(x, y, ints);
    case "&":
    case "|":
    case "^":
    case "<<":
    case ">>":
      if (!ints) throw unsupported(op, a as Value, b as Value);
      return bitwise(op, a as number | boolean, b as number | boolean);
    case "@":
      throw unsupported(op, a as Value, b as Value);
    default:
      return unreachable(op);
  }
}

function floorDiv(x: bigint, y: bigint): bigint {
  const q = x / y;
  return (x % y !== 0n) && ((x < 0n) !== (y < 0n)) ? q - 1n : q;
}

/**
 * CPython's float `//` (from its divmod): `Math.floor(x / y)` differs where the quotient rounds up
 * to an integer, e.g. `1 // 0.1` is 9.0 in Python, not 10.
 */
function floatFloorDiv(x: number, y: number): number {
  let mod = x % y;
  let div = (x - mod) / y;
  if (mod !== 0 && (y < 0) !== (mod < 0)) {
    mod += y;
    div -= 1;
  }
  if (div === 0) return Object.is(x / y, -0) || x / y < 0 ? -0 : 0;
  let floored = Math.floor(div);
  if (div - floored > 0.5) floored += 1;
  return floored;
}

/** The remainder takes the divisor's sign, as in Python. */
function pyMod(x: number, y: number): number {
  const r = x % y;
  return r !== 0 && (r < 0) !== (y < 0) ? r + y : r === 0 ? (y < 0 ? -0 : 0) : r;
}

function power(x: number, y: number, ints: boolean): Value {
  if (x === 0 && y < 0) throw new PyError("ZeroDivisionError", "0.0 cannot be raised to a negative power");
  if (ints && y >= 0) return intPow(x, y);
  if (x < 0 && !Number.isInteger(y)) throw new PyError("ValueError", "negative number cannot be raised to a fractional power");
  const r = floatPow(x, y);
  if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) throw new PyError("OverflowError", "(34, 'Numerical result out of range')");
  return float(r);
}

/** Exact: BigInt, so a result up to 2**53 is right to the last digit, and past it an OverflowError. */
function intPow(x: number, y: number): number {
  if (Math.abs(x) <= 1 || y === 0) return x === -1 ? (y % 2 === 0 ? 1 : -1) : x === 0 ? (y === 0 ? 1 : 0) : 1;
  if (y > 64) throw intTooLarge();
  return int(Number(BigInt(x) ** BigInt(y)));
}

function bitwise(op: "&" | "|" | "^" | "<<" | ">>", a: number | boolean, b: number | boolean): Value {
  const x = BigInt(toNumber(a));
  const y = BigInt(toNumber(b));
  if ((op === "<<" || op === ">>") && y < 0n) throw new PyError("ValueError", "negative shift count");
  if (op === "<<" && y > 64n && x !== 0n) throw intTooLarge();
  if (op === "<<" && x === 0n) return 0;
  const r = op === "&" ? x & y : op === "|" ? x | y : op === "^" ? x ^ y : op === "<<" ? x << y : x >> y;
  // bool & bool stays a bool in Python.
  if (typeof a === "boolean" && typeof b === "boolean" && op !== "<<" && op !== ">>") return r === 1n;
  return int(Number(r));
}

/** Python's `divmod(a, b)`: floor quotient and remainder, with divmod's own error message. */
export function divmod(a: Value, b: Value): PyTuple {
  if (!isNumeric(a) || !isNumeric(b)) throw unsupported("divmod()", a, b);
  if (toNumber(b) === 0) {
    throw new PyError("ZeroDivisionError", isIntLike(a) && isIntLike(b) ? "integer division or modulo by zero" : "float divmod()");
  }
  return new PyTuple([binaryOp("//", a, b), binaryOp("%", a, b)]);
}

const AUG_TO_BINARY: Readonly<Record<AugOp, BinaryOp>> = {
  "+=": "+",
  "-=": "-",
  "*=": "*",
  "/=": "/",
  "//=": "//",
  "%=": "%",
  "**=": "**",
  "|=": "|",
  "&=": "&",
  "^=": "^",
  "<<=": "<<",
  ">>=": ">>",
  "@=": "@",
};

/**
 * `a op= b`. Lists, sets and dicts change in place (so aliases see the change, as in Python);
 * everything else gets a new value. Returns the value to store back.
 */
export function augmentedOp(op: AugOp, a: Value, b: Value): Value {
  if (Array.isArray(a) && op === "+=") {
    pushAll(a, toArray(b));
    return a;
  }
  if (Array.isArray(a) && op === "*=" && isIntLike(b)) {
    const repeated = repeatItems(a, Math.max(0, toNumber(b)));
    replaceAll(a, repeated);
    return a;
  }
  if (a instanceof PySet && b instanceof PySet && (op === "|=" || op === "&=" || op === "-=" || op === "^=")) {
    const result = setOp(AUG_TO_BINARY[op] as "|" | "&" | "-" | "^", a, b);
    a.clear();
    for (const v of result.values()) a.add(v);
    return a;
  }
  if (a instanceof PyDict && b instanceof PyDict && op === "|=") {
    for (const [k, v] of b.entries()) a.set(k, v);
    return a;
  }
  return binaryOp(AUG_TO_BINARY[op], a, b);
}
