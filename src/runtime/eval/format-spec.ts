/**
 * Python's format-spec mini-language (`format(v, spec)`, `f"{x:>8.2f}"`, prompt `{x:.2f}`):
 * `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`.
 */
import { PyError } from "./errors.js";
import { formatExponent, formatFixed, formatGeneral, floatRepr } from "./number-format.js";
import { pyStr } from "./repr.js";
import { repeatString } from "./sequence.js";
import { kindOf, toNumber, typeName, type Value } from "./value.js";

interface Spec {
  readonly fill: string;
  readonly align?: "<" | ">" | "=" | "^";
  readonly sign: "+" | "-" | " ";
  readonly signGiven: boolean;
  readonly z: boolean;
  readonly alternate: boolean;
  readonly width: number;
  readonly grouping?: "," | "_";
  readonly precision?: number;
  readonly type?: string;
}

const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;

function parseSpec(spec: string, v: Value): Spec {
  const m = SPEC.exec(spec);
  if (m === null) throw new PyError("ValueError", `Invalid format specifier '${spec}' for object of type '${typeName(v)}'`);
  // A `0` before the width means fill with zeros; after the sign for numbers, on the right for strings.
  const zeroPad = m[6] !== undefined && m[2] === undefined;
  return {
    fill: m[1] ?? (zeroPad ? "0" : " "),
    align: (m[2] as Spec["align"]) ?? (zeroPad && typeof v !== "string" ? "=" : undefined),
    sign: (m[3] as Spec["sign"]) ?? "-",
    signGiven: m[3] !== undefined,
    z: m[4] !== undefined,
    alternate: m[5] !== undefined,
    width: m[7] === undefined ? 0 : Number(m[7]),
    grouping: m[8] as Spec["grouping"],
    precision: m[9] === undefined ? undefined : checkedPrecision(Number(m[9])),
    type: m[10],
  };
}

/** Digits past this would take seconds of BigInt work for nothing a prompt could use. */
const MAX_PRECISION = 10_000;

function checkedPrecision(p: number): number {
  if (p > MAX_PRECISION) throw new PyError("ValueError", `precision too big: lmql-ts formats at most ${MAX_PRECISION} digits`);
  return p;
}

/** Python's `format(value, spec)`. */
export function formatValue(value: Value, spec: string): string {
  if (spec === "") return pyStr(value);
  const s = parseSpec(spec, value);
  const k = kindOf(value);
  checkGrouping(s, k === "str" ? (s.type ?? "s") : s.type);
  if (k === "str") return formatString(value as string, s);
  if (k === "int" || k === "bool") return isFloatType(s.type) ? formatFloat(toNumber(value), s) : formatInt(toNumber(value), s, k);
  if (k === "float") return formatFloat(toNumber(value), s);
  throw new PyError("TypeError", `unsupported format string passed to ${typeName(value)}.__format__`);
}

/** `,` and `_` apply to decimal output only (`_` also groups binary, octal and hex digits by four). */
function checkGrouping(s: Spec, type: string | undefined): void {
  if (s.grouping === undefined || type === undefined) return;
  const allowed = s.grouping === "," ? "deEfFgG%" : "deEfFgG%boxX";
  if (!allowed.includes(type)) throw new PyError("ValueError", `Cannot specify '${s.grouping}' with '${type}'.`);
}

function isFloatType(t: string | undefined): boolean {
  return t !== undefined && "eEfFgG%".includes(t);
}

function unknownCode(type: string, v: string): PyError {
  return new PyError("ValueError", `Unknown format code '${type}' for object of type '${v}'`);
}

function formatString(v: string, s: Spec): string {
  if (s.type !== undefined && s.type !== "s") throw unknownCode(s.type, "str");
  if (s.signGiven) throw new PyError("ValueError", "Sign not allowed in string format specifier");
  if (s.alternate) throw new PyError("ValueError", "Alternate form (#) not allowed in string format specifier");
  if (s.align === "=") throw new PyError("ValueError", "'=' alignment not allowed in string format specifier");
  const chars = Array.from(v);
  const text = s.precision === undefined ? v : chars.slice(0, s.precision).join("");
  return pad("", text, s, "<");
}

function formatInt(n: number, s: Spec, intTypeName: string): string {
  const type = s.type ?? "d";
  if (!"dnbcoxX".includes(type)) throw unknownCode(type, intTypeName);
  if (s.precision !== undefined) throw new PyError("ValueError", "Precision not allowed in integer format specifier");
  const abs = Math.abs(n);
  let digits: string;
  let prefix = "";
  switch (type) {
    case "d":
    case "n":
      digits = String(abs);
      break;
    case "b":
    case "o":
    case "x":
    case "X": {
      const radix = type === "b" ? 2 : type === "o" ? 8 : 16;
      digits = abs.toString(radix);
      if (type === "X") digits = digits.toUpperCase();
      if (s.alternate) prefix = "0" + (type === "X" ? "X" : type);
      break;
    }
    case "c":
      if (n < 0 || n > 0x10ffff) throw new PyError("OverflowError", "%c arg not in range(0x110000)");
      return pad("", String.fromCodePoint(n), s, "<");
    default:
      throw unknownCode(type, "int");
  }
  const groupEvery = type === "d" || type === "n" ? 3 : 4;
  return pad(signOf(n < 0, s) + prefix, group(digits, s.grouping, groupEvery), s, ">");
}

function formatFloat(x: number, s: Spec): string {
  const upper = s.type !== undefined && s.type === s.type.toUpperCase() && s.type !== "%";
  let body: string;
  switch (s.type) {
    case "f":
    case "F":
      body = formatFixed(Math.abs(x), s.precision ?? 6, upper);
      break;
    case "e":
    case "E":
      body = formatExponent(Math.abs(x), s.precision ?? 6, upper, s.alternate);
      break;
    case "g":
    case "G":
    case "n":
      body = formatGeneral(Math.abs(x), s.precision ?? 6, upper, s.alternate);
      break;
    case "%":
      body = formatFixed(Math.abs(x) * 100, s.precision ?? 6) + "%";
      break;
    case undefined:
      body = s.precision === undefined ? floatRepr(Math.abs(x)) : formatGeneral(Math.abs(x), s.precision, false, s.alternate, true);
      break;
    default:
      throw unknownCode(s.type, "float");
  }
  // `z` turns a negative zero after rounding into a plain zero.
  const roundsToZero = Number.isFinite(x) && !/[1-9]/.test(body.replace(/[eE][+-]\d+$/, ""));
  const negative = (x < 0 || Object.is(x, -0)) && !(s.z && roundsToZero);
  const [intPart, rest] = splitNumber(body);
  return pad(signOf(negative, s), group(intPart, s.grouping, 3) + rest, s, ">");
}

/** The leading digits and everything after them (`.25e+03`, `%`). */
function splitNumber(body: string): [string, string] {
  const m = /^(\d*)(.*)$/s.exec(body);
  return m === null ? [body, ""] : [m[1], m[2]];
}

function signOf(negative: boolean, s: Spec): string {
  if (negative) return "-";
  return s.sign === "-" ? "" : s.sign;
}

function group(digits: string, sep: "," | "_" | undefined, every: number): string {
  if (sep === undefined || !/^\d+$/.test(digits) && every === 3) return digits;
  let out = "";
  for (let i = digits.length; i > 0; i -= every) {
    const chunk = digits.slice(Math.max(0, i - every), i);
    out = out === "" ? chunk : chunk + sep + out;
  }
  return out;
}

/** Pads `sign + body` to the width; `=` puts the padding between them. */
function pad(sign: string, body: string, s: Spec, defaultAlign: "<" | ">"): string {
  const length = Array.from(sign + body).length;
  const missing = s.width - length;
  if (missing <= 0) return sign + body;
  const fill = (n: number) => repeatString(s.fill, n);
  switch (s.align ?? defaultAlign) {
    case "<":
      return sign + body + fill(missing);
    case ">":
      return fill(missing) + sign + body;
    case "^":
      return fill(Math.floor(missing / 2)) + sign + body + fill(missing - Math.floor(missing / 2));
    case "=":
      return sign + fill(missing) + body;
  }
}
