/** Unary and binary operators with Python's rules for int, float, str, sequences, sets and dicts. */
import type { AugOp, BinaryOp, UnaryOp } from "../../syntax/ast.js";
import { unreachable } from "../../diagnostics/diagnostic.js";
import { PyError } from "./errors.js";
import { percentFormat } from "./percent-format.js";
import { MAX_SEQUENCE_LENGTH, toArray, tooLong } from "./sequence.js";
import { PyDict, PySet, PyTuple, float, int, isIntLike, isNumeric, toNumber, truthy, typeName, type Value } from "./value.js";

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
  return new PyError("TypeError", `unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
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
  const [seq, count] = isIntLike(b) ? [a, b] : isIntLike(a) ? [b, a] : [a, b];
  if (typeof seq !== "string" && !Array.isArray(seq) && !(seq instanceof PyTuple)) throw unsupported("*", a, b);
  if (!isIntLike(count)) throw new PyError("TypeError", `can't multiply sequence by non-int of type '${typeName(count)}'`);
  const n = Math.max(0, toNumber(count));
  if (typeof seq === "string") return checkLength(seq.length * n, () => seq.repeat(n));
  const items = Array.isArray(seq) ? seq : seq.items;
  const out = checkLength(items.length * n, () => Array.from({ length: n }, () => items).flat());
  return Array.isArray(seq) ? out : new PyTuple(out);
}

function checkLength<T>(length: number, make: () => T): T {
  if (length > MAX_SEQUENCE_LENGTH * 10) throw tooLong();
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
      return ints ? int(Number(floorDiv(BigInt(x), BigInt(y)))) : float(Math.floor(x / y));
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

/** The remainder takes the divisor's sign, as in Python. */
function pyMod(x: number, y: number): number {
  const r = x % y;
  return r !== 0 && (r < 0) !== (y < 0) ? r + y : r === 0 ? (y < 0 ? -0 : 0) : r;
}

function power(x: number, y: number, ints: boolean): Value {
  if (x === 0 && y < 0) throw new PyError("ZeroDivisionError", "0.0 cannot be raised to a negative power");
  if (ints && y >= 0) return int(x ** y);
  if (x < 0 && !Number.isInteger(y)) throw new PyError("ValueError", "negative number cannot be raised to a fractional power");
  const r = x ** y;
  if (!Number.isFinite(r) && Number.isFinite(x) && Number.isFinite(y)) throw new PyError("OverflowError", "(34, 'Numerical result out of range')");
  return float(r);
}

function bitwise(op: "&" | "|" | "^" | "<<" | ">>", a: number | boolean, b: number | boolean): Value {
  const x = BigInt(toNumber(a));
  const y = BigInt(toNumber(b));
  if ((op === "<<" || op === ">>") && y < 0n) throw new PyError("ValueError", "negative shift count");
  if (op === "<<" && y > 64n) throw new PyError("OverflowError", "integer result too large: lmql-ts ints are exact only up to 2**53");
  const r = op === "&" ? x & y : op === "|" ? x | y : op === "^" ? x ^ y : op === "<<" ? x << y : x >> y;
  // bool & bool stays a bool in Python.
  if (typeof a === "boolean" && typeof b === "boolean" && op !== "<<" && op !== ">>") return r === 1n;
  return int(Number(r));
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
    a.push(...toArray(b));
    return a;
  }
  if (Array.isArray(a) && op === "*=" && isIntLike(b)) {
    const copy = a.slice();
    const n = Math.max(0, toNumber(b));
    checkLength(copy.length * n, () => null);
    a.length = 0;
    for (let i = 0; i < n; i++) a.push(...copy);
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
