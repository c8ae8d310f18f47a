/**
 * Python's format-spec mini-language (`format(v, spec)`, `f"{x:>8.2f}"`, prompt `{x:.2f}`):
 * `[[fill]align][sign][z][#][0][width][grouping][.precision][type]`, checked and applied in the
 * order CPython's formatter uses, so its error messages and corner cases (zero padding that is
 * grouped, `#` on floats) come out the same.
 */
import { PyError } from "./errors.js";
import { formatExponent, formatFixed, formatGeneral, floatRepr } from "./number-format.js";
import { pyStr } from "./repr.js";
import { repeatString } from "./sequence.js";
import { kindOf, toBigInt, toNumber, typeName, type Value } from "./value.js";

type Align = "<" | ">" | "=" | "^";

interface Spec {
  readonly fill: string;
  readonly align: Align;
  /** Undefined when no sign was written. */
  readonly sign?: "+" | "-" | " ";
  readonly z: boolean;
  readonly alternate: boolean;
  readonly width: number;
  readonly grouping?: "," | "_";
  readonly precision?: number;
  readonly type?: string;
}

const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(z)?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;

/** Digits past this would take seconds of BigInt work for nothing a prompt could use. */
const MAX_PRECISION = 10_000;

function parseSpec(spec: string, v: Value, defaultAlign: "<" | ">"): Spec {
  const m = SPEC.exec(spec);
  if (m === null) throw new PyError("ValueError", `Invalid format specifier '${spec}' for object of type '${typeName(v)}'`);
  const [, fill, align, sign, z, alternate, zero, width, grouping, precision, type] = m;
  // A `0` before the width fills with zeros unless a fill was written; with no alignment
  // written, numbers then pad after the sign.
  const zeroFill = zero !== undefined && fill === undefined;
  const p = precision === undefined ? undefined : Number(precision);
  if (p !== undefined && p > MAX_PRECISION) throw new PyError("ValueError", `precision too big: lmql-ts formats at most ${MAX_PRECISION} digits`);
  return {
    fill: fill ?? (zeroFill ? "0" : " "),
    align: (align as Align | undefined) ?? (zeroFill && defaultAlign === ">" ? "=" : defaultAlign),
    sign: sign as Spec["sign"],
    z: z !== undefined,
    alternate: alternate !== undefined,
    width: width === undefined ? 0 : Number(width),
    grouping: grouping as Spec["grouping"],
    precision: p,
    type,
  };
}

/** Python's `format(value, spec)`. */
export function formatValue(value: Value, spec: string): string {
  if (spec === "") return pyStr(value);
  const k = kindOf(value);
  if (k !== "str" && k !== "int" && k !== "bool" && k !== "float") {
    throw new PyError("TypeError", `unsupported format string passed to ${typeName(value)}.__format__`);
  }
  const s = parseSpec(spec, value, k === "str" ? "<" : ">");
  checkGrouping(s, s.type ?? (k === "str" ? "s" : "d"));
  if (k === "str") return formatString(value as string, s);
  if (k === "float" || isFloatType(s.type)) return formatFloat(toNumber(value), s, typeName(value));
  return formatInt(toBigInt(value as number | bigint | boolean), s, typeName(value));
}

/** `,` and `_` apply to decimal output only (`_` also groups binary, octal and hex digits by four). */
function checkGrouping(s: Spec, type: string): void {
  if (s.grouping === undefined) return;
  const allowed = s.grouping === "," ? "deEfFgG%" : "deEfFgG%boxX";
  if (!allowed.includes(type)) throw new PyError("ValueError", `Cannot specify '${s.grouping}' with '${type}'.`);
}

function isFloatType(t: string | undefined): boolean {
  return t !== undefined && "eEfFgG%".includes(t);
}

function unknownCode(type: string, v: string): PyError {
  return new PyError("ValueError", `Unknown format code '${type}' for object of type '${v}'`);
}

function notAllowed(what: string): PyError {
  return new PyError("ValueError", what);
}

function formatString(v: string, s: Spec): string {
  if (s.type !== undefined && s.type !== "s") throw unknownCode(s.type, "str");
  if (s.sign === " ") throw notAllowed("Space not allowed in string format specifier");
  if (s.sign !== undefined) throw notAllowed("Sign not allowed in string format specifier");
  if (s.z) throw notAllowed("Negative zero coercion (z) not allowed in string format specifier");
  if (s.alternate) throw notAllowed("Alternate form (#) not allowed in string format specifier");
  if (s.align === "=") throw notAllowed("'=' alignment not allowed in string format specifier");
  const text = s.precision === undefined ? v : Array.from(v).slice(0, s.precision).join("");
  return pad("", text, s);
}

function formatInt(n: bigint, s: Spec, intTypeName: string): string {
  const type = s.type ?? "d";
  if (!"dnbcoxX".includes(type)) throw unknownCode(type, intTypeName);
  if (s.precision !== undefined) throw notAllowed("Precision not allowed in integer format specifier");
  if (s.z) throw notAllowed("Negative zero coercion (z) not allowed in integer format specifier");
  if (type === "c") return formatChar(n, s);
  const abs = n < 0n ? -n : n;
  const radix = type === "b" ? 2 : type === "o" ? 8 : type === "x" || type === "X" ? 16 : 10;
  const digits = type === "X" ? abs.toString(radix).toUpperCase() : abs.toString(radix);
  const prefix = s.alternate && radix !== 10 ? "0" + type : "";
  return padNumber(signOf(n < 0n, s) + prefix, digits, "", s, radix === 10 ? 3 : 4);
}

function formatChar(n: bigint, s: Spec): string {
  if (s.sign !== undefined) throw notAllowed("Sign not allowed with integer format specifier 'c'");
  if (s.alternate) throw notAllowed("Alternate form (#) not allowed with integer format specifier 'c'");
  if (n < 0n || n > 0x10ffffn) throw new PyError("OverflowError", "%c arg not in range(0x110000)");
  return pad("", String.fromCodePoint(Number(n)), s);
}

/** The digits of |x| for a float presentation type (sign and grouping come later). */
function floatBody(x: number, s: Spec, typeName: string): string {
  const abs = Math.abs(x);
  const upper = s.type === "E" || s.type === "F" || s.type === "G";
  switch (s.type) {
    case "f":
    case "F":
      return withPoint(formatFixed(abs, s.precision ?? 6, upper), s.alternate);
    case "e":
    case "E":
      return formatExponent(abs, s.precision ?? 6, upper, s.alternate);
    case "g":
    case "G":
    case "n":
      return formatGeneral(abs, s.precision ?? 6, upper, s.alternate);
    case "%":
      return withPoint(formatFixed(abs * 100, s.precision ?? 6), s.alternate) + "%";
    case undefined:
      // No type: repr() without a precision, else 'g' keeping a digit after the point.
      if (s.precision !== undefined) return formatGeneral(abs, s.precision, false, s.alternate, true);
      return s.alternate ? withPoint(floatRepr(abs), true) : floatRepr(abs);
    default:
      throw unknownCode(s.type, typeName);
  }
}

/** With `#`, a number always shows its decimal point (`1.e+16`, `3.`). */
function withPoint(body: string, alternate: boolean): string {
  if (!alternate || body.includes(".") || !/\d/.test(body)) return body;
  const at = body.search(/[eE%]/);
  return at < 0 ? body + "." : body.slice(0, at) + "." + body.slice(at);
}

function formatFloat(x: number, s: Spec, typeName: string): string {
  const body = floatBody(x, s, typeName);
  // `z` turns a negative zero after rounding into a plain zero.
  const roundsToZero = Number.isFinite(x) && !/[1-9]/.test(body.replace(/[eE][+-]\d+$/, ""));
  const negative = (x < 0 || Object.is(x, -0)) && !(s.z && roundsToZero);
  const m = /^(\d*)(.*)$/s.exec(body) as RegExpExecArray;
  return padNumber(signOf(negative, s), m[1], m[2], s, 3);
}

function signOf(negative: boolean, s: Spec): string {
  if (negative) return "-";
  return s.sign === "+" || s.sign === " " ? s.sign : "";
}

function group(digits: string, sep: "," | "_" | undefined, every: number): string {
  if (sep === undefined) return digits;
  let out = "";
  for (let i = digits.length; i > 0; i -= every) {
    const chunk = digits.slice(Math.max(0, i - every), i);
    out = out === "" ? chunk : chunk + sep + out;
  }
  return out;
}

/**
 * Lays out `lead` (sign, `0x`), the integer digits (grouped) and `rest` (fraction, exponent, `%`).
 * Zero fill with `=` alignment pads inside the number, so the padding zeros are grouped too
 * (`format(1234, "010,")` is `00,001,234`).
 */
function padNumber(lead: string, digits: string, rest: string, s: Spec, every: number): string {
  if (s.fill === "0" && s.align === "=" && s.grouping !== undefined && digits !== "") {
    const room = s.width - lead.length - rest.length;
    // The fewest digits whose grouped form fills the room: n digits take n + ⌊(n−1)/every⌋ places.
    const grouped = (n: number) => n + Math.floor((n - 1) / every);
    let n = Math.max(digits.length, Math.floor((room * every) / (every + 1)) - 1);
    while (grouped(n) < room) n++;
    return lead + group(repeatString("0", n - digits.length) + digits, s.grouping, every) + rest;
  }
  return pad(lead, group(digits, s.grouping, every) + rest, s);
}

/** Pads `lead + body` to the width; `=` puts the padding between them. */
function pad(lead: string, body: string, s: Spec): string {
  const missing = s.width - Array.from(lead + body).length;
  if (missing <= 0) return lead + body;
  const fill = (n: number) => repeatString(s.fill, n);
  switch (s.align) {
    case "<":
      return lead + body + fill(missing);
    case ">":
      return fill(missing) + lead + body;
    case "^":
      return fill(Math.floor(missing / 2)) + lead + body + fill(missing - Math.floor(missing / 2));
    case "=":
      return lead + fill(missing) + body;
  }
}
