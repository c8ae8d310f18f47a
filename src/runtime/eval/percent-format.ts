/** `"%s costs %.2f" % (name, price)`: printf-style formatting, mapped onto the format-spec mini-language. */
import { PyError } from "./errors.js";
import { formatValue } from "./format-spec.js";
import { pyRepr, pyStr } from "./repr.js";
import { getItem } from "./sequence.js";
import { PyDict, PyRange, PyTuple, float, int, isIntLike, isNumeric, toNumber, typeName, type Value } from "./value.js";

const DIRECTIVE = /%(?:\(([^)]*)\))?([-+ #0]*)(\d+|\*)?(?:\.(\d+|\*))?([sradiuoxXeEfFgGc%])?/gs;

export function percentFormat(format: string, args: Value): string {
  const positional = args instanceof PyTuple ? args.items : [args];
  // Like CPython, any subscriptable argument (dict, list, range) serves `%(key)s` and may go unused.
  const subscriptable = args instanceof PyDict || Array.isArray(args) || args instanceof PyRange;
  let next = 0;
  let usedMapping = false;
  const take = (): Value => {
    if (next >= positional.length) throw new PyError("TypeError", "not enough arguments for format string");
    return positional[next++];
  };
  const out = format.replace(DIRECTIVE, (_all, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, type: string | undefined) => {
    if (type === undefined) throw new PyError("ValueError", "incomplete format");
    if (type === "%") return "%";
    let value: Value;
    if (key !== undefined) {
      if (!subscriptable) throw new PyError("TypeError", "format requires a mapping");
      value = getItem(args, key);
      usedMapping = true;
    }
    const w = width === "*" ? toNumber(take()) : width === undefined ? undefined : Number(width);
    const p = precision === "*" ? toNumber(take()) : precision === undefined ? undefined : Number(precision);
    if (key === undefined) value = take();
    return directive(value!, type, flags, w, p);
  });
  if (!usedMapping && next < positional.length && !subscriptable) {
    throw new PyError("TypeError", "not all arguments converted during string formatting");
  }
  return out;
}

function directive(value: Value, type: string, flags: string, width: number | undefined, precision: number | undefined): string {
  switch (type) {
    case "s":
    case "r":
    case "a": {
      const text = type === "s" ? pyStr(value) : pyRepr(value);
      const cut = precision === undefined ? text : Array.from(text).slice(0, precision).join("");
      return formatValue(cut, spec(flags, width, undefined, "", false));
    }
    case "c":
      return formatValue(charOf(value), spec(flags, width, undefined, "", false));
    case "d":
    case "i":
    case "u":
      return formatValue(isIntLike(value) ? value : int(Math.trunc(number(value, type))), spec(flags, width, undefined, "d", true));
    case "o":
    case "x":
    case "X":
      if (!isIntLike(value)) {
        throw new PyError("TypeError", `%${type} format: an integer is required, not ${typeName(value)}`);
      }
      return formatValue(value, spec(flags, width, undefined, type, true));
    default:
      return formatValue(float(number(value, type)), spec(flags, width, precision ?? 6, type, true));
  }
}

/** The format spec equivalent to printf flags. */
function spec(flags: string, width: number | undefined, precision: number | undefined, code: string, numeric: boolean): string {
  const left = flags.includes("-");
  const zero = numeric && !left && flags.includes("0");
  const align = left ? "<" : zero ? "" : ">";
  const signPart = numeric ? sign(flags) : "";
  const alternate = numeric && flags.includes("#") ? "#" : "";
  return `${align}${signPart}${alternate}${zero ? "0" : ""}${width ?? ""}${precision === undefined ? "" : "." + precision}${code}`;
}

function charOf(v: Value): string {
  if (typeof v === "string") {
    if (Array.from(v).length !== 1) throw new PyError("TypeError", "%c requires int or char");
    return v;
  }
  if (!isIntLike(v)) throw new PyError("TypeError", "%c requires int or char");
  const n = toNumber(v);
  if (n < 0 || n > 0x10ffff) throw new PyError("OverflowError", "%c arg not in range(0x110000)");
  return String.fromCodePoint(n);
}

function sign(flags: string): string {
  return flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
}

function number(v: Value, type: string): number {
  if (isNumeric(v)) return toNumber(v);
  // CPython words the integer and float conversions differently.
  if ("diu".includes(type)) throw new PyError("TypeError", `%${type} format: a real number is required, not ${typeName(v)}`);
  throw new PyError("TypeError", `must be real number, not ${typeName(v)}`);
}
