/** Unary and binary operators with Python's rules for int, float, str, sequences, sets and dicts. */
import type { AugOp, BinaryOp, UnaryOp } from "../../syntax/ast.js";
import { unreachable } from "../../diagnostics/diagnostic.js";
import { PyError } from "./errors.js";
import { floatPow } from "./float-pow.js";
import { percentFormat } from "./percent-format.js";
import { MAX_SEQUENCE_LENGTH, indexSized, pushAll, repeatString, replaceAll, toArray, tooLong } from "./sequence.js";
import { MAX_INT_BITS, PyDict, PyDictView, PySet, PyTuple, checkIntSize, float, intTooLarge, isIntLike, isNumeric, normInt, toBigInt, toNumber, truthy, typeName, type PyFloat, type Value } from "./value.js";

export function unaryOp(op: UnaryOp, v: Value): Value {
  switch (op) {
    case "not":
      return !truthy(v);
    case "-":
    case "+": {
      if (!isNumeric(v)) throw new PyError("TypeError", `bad operand type for unary ${op}: '${typeName(v)}'`);
      if (isIntLike(v)) return op === "-" ? normInt(-toBigInt(v)) : normInt(toBigInt(v));
      return float(op === "-" ? -toNumber(v) : toNumber(v));
    }
    case "~":
      if (!isIntLike(v)) throw new PyError("TypeError", `bad operand type for unary ~: '${typeName(v)}'`);
      return normInt(-toBigInt(v) - 1n);
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
  const n = Math.max(0, indexSized(count));
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

type IntLike = number | bigint | boolean;

function arithmetic(op: BinaryOp, a: IntLike | PyFloat, b: IntLike | PyFloat): Value {
  if (isIntLike(a) && isIntLike(b)) return intArithmetic(op, a, b);
  if (op === "&" || op === "|" || op === "^" || op === "<<" || op === ">>" || op === "@") throw unsupported(op, a, b);
  return floatArithmetic(op, toNumber(a), toNumber(b));
}

function floatArithmetic(op: "+" | "-" | "*" | "/" | "//" | "%" | "**", x: number, y: number): Value {
  switch (op) {
    case "+":
      return float(x + y);
    case "-":
      return float(x - y);
    case "*":
      return float(x * y);
    case "/":
      if (y === 0) throw new PyError("ZeroDivisionError", "float division by zero");
      return float(x / y);
    case "//":
      if (y === 0) throw new PyError("ZeroDivisionError", "float floor division by zero");
      return float(floatFloorDiv(x, y));
    case "%":
      if (y === 0) throw new PyError("ZeroDivisionError", "float modulo");
      return float(pyMod(x, y));
    case "**":
      return power(x, y);
    default:
      return unreachable(op);
  }
}

/** Int operations: exact JS numbers while they stay below 2**53, BigInt beyond. */
function intArithmetic(op: BinaryOp, a: IntLike, b: IntLike): Value {
  if (typeof a !== "bigint" && typeof b !== "bigint" && (op === "+" || op === "-" || op === "*")) {
    const x = Number(a);
    const y = Number(b);
    const r = op === "+" ? x + y : op === "-" ? x - y : x * y;
    if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
  }
  const x = toBigInt(a);
  const y = toBigInt(b);
  switch (op) {
    case "+":
      return normInt(checkIntSize(x + y));
    case "-":
      return normInt(checkIntSize(x - y));
    case "*":
      if (bitLength(x) + bitLength(y) > MAX_INT_BITS) throw intTooLarge();
      return normInt(x * y);
    case "/":
      if (y === 0n) throw new PyError("ZeroDivisionError", "division by zero");
      return float(trueDivide(x, y));
    case "//":
      if (y === 0n) throw new PyError("ZeroDivisionError", "integer division or modulo by zero");
      return normInt(floorDiv(x, y));
    case "%":
      if (y === 0n) throw new PyError("ZeroDivisionError", "integer modulo by zero");
      return normInt(x - floorDiv(x, y) * y);
    case "**":
      if (y < 0n) return power(toNumber(a), toNumber(b));
      if (bitLength(x) > 1 && bitLength(x) * Number(y) > MAX_INT_BITS) throw intTooLarge();
      return normInt(x ** y);
    case "&":
    case "|":
    case "^":
    case "<<":
    case ">>":
      return bitwise(op, a, b, x, y);
    case "@":
      throw unsupported(op, a, b);
    default:
      return unreachable(op);
  }
}

function bitLength(x: bigint): number {
  return x === 0n ? 0 : (x < 0n ? -x : x).toString(2).length;
}

/** int / int as Python computes it: the exact quotient rounded to a float. */
function trueDivide(x: bigint, y: bigint): number {
  const a = Number(x);
  const b = Number(y);
  // Both exact as doubles: one IEEE division is correctly rounded.
  if (Number.isSafeInteger(a) && Number.isSafeInteger(b)) return a / b;
  // Otherwise scale to a 64-bit quotient and place the binary point.
  const shift = bitLength(y) - bitLength(x) + 64;
  const q = shift >= 0 ? (x << BigInt(shift)) / y : x / (y << BigInt(-shift));
  const r = Number(q) * 2 ** -shift;
  if (!Number.isFinite(r)) throw new PyError("OverflowError", "integer division result too large for a float");
  return r;
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

function power(x: number, y: number): Value {
  if (x === 0 && y < 0) throw new PyError("ZeroDivisionError", "0.0 cannot be raised to a negative power");
  if (x < 0 && !Number.isInteger(y)) throw new PyError("ValueError", "negative number cannot be raised to a fractional power");
  const r = floatPow(x, y);
  if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) throw new PyError("OverflowError", "(34, 'Numerical result out of range')");
  return float(r);
}

function bitwise(op: "&" | "|" | "^" | "<<" | ">>", a: IntLike, b: IntLike, x: bigint, y: bigint): Value {
  if ((op === "<<" || op === ">>") && y < 0n) throw new PyError("ValueError", "negative shift count");
  // bool & bool stays a bool in Python.
  if (typeof a === "boolean" && typeof b === "boolean" && op !== "<<" && op !== ">>") {
    return op === "&" ? a && b : op === "|" ? a || b : a !== b;
  }
  switch (op) {
    case "&":
      return normInt(x & y);
    case "|":
      return normInt(x | y);
    case "^":
      return normInt(x ^ y);
    case "<<":
      if (x === 0n) return 0;
      if (bitLength(x) + Number(y) > MAX_INT_BITS) throw intTooLarge();
      return normInt(x << y);
    case ">>":
      return y > BigInt(MAX_INT_BITS) ? (x < 0n ? -1 : 0) : normInt(x >> y);
    default:
      return unreachable(op);
  }
}

/** Python's `divmod(a, b)`: floor quotient and remainder, with divmod's own error message. */
export function divmod(a: Value, b: Value): PyTuple {
  if (!isNumeric(a) || !isNumeric(b)) throw unsupported("divmod()", a, b);
  if (isIntLike(b) ? toBigInt(b) === 0n : toNumber(b) === 0) {
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
    const repeated = repeatItems(a, Math.max(0, indexSized(b)));
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
