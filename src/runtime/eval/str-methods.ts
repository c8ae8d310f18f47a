/** `str` methods with Python's semantics (split on runs of whitespace, strip by character set, ...). */
import { checkArity } from "./call.js";
import { PyError } from "./errors.js";
import { strFormat } from "./str-format.js";
import { MAX_SEQUENCE_LENGTH, codePoints, indexSized, repeatString, strLength, toArray, tooLong } from "./sequence.js";
import { PyDict, PyTuple, isIntLike, typeName, type Value } from "./value.js";

export type Method<T> = (self: T, args: readonly Value[], kwargs: ReadonlyMap<string, Value>) => Value | Promise<Value>;

const WHITESPACE = /^[\s\x1c-\x1f\x85]+$/u;
const LINE_BREAK = /\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]/;

export function expectStr(v: Value, what: string): string {
  if (typeof v !== "string") throw new PyError("TypeError", `${what} must be str, not ${typeName(v)}`);
  return v;
}

function optStr(v: Value | undefined, what: string): string | undefined {
  return v === undefined || v === null ? undefined : expectStr(v, what);
}

function optInt(v: Value | undefined, dflt: number): number {
  if (v === undefined || v === null) return dflt;
  if (!isIntLike(v)) throw new PyError("TypeError", `'${typeName(v)}' object cannot be interpreted as an integer`);
  return indexSized(v);
}

function isSpace(ch: string): boolean {
  return WHITESPACE.test(ch);
}

function stripChars(s: string, chars: string | undefined, left: boolean, right: boolean): string {
  const cps = codePoints(s);
  const drop = chars === undefined ? isSpace : (ch: string) => chars.includes(ch);
  let a = 0;
  let b = cps.length;
  if (left) while (a < b && drop(cps[a])) a++;
  if (right) while (b > a && drop(cps[b - 1])) b--;
  return cps.slice(a, b).join("");
}

/** `s.split(sep, maxsplit)`; `fromRight` for rsplit. */
function split(s: string, sep: string | undefined, maxsplit: number, fromRight: boolean): string[] {
  if (sep === "") throw new PyError("ValueError", "empty separator");
  const limit = maxsplit < 0 ? Infinity : maxsplit;
  if (sep === undefined) return splitWhitespace(s, limit, fromRight);
  const parts = s.split(sep);
  if (parts.length - 1 <= limit) return parts;
  if (fromRight) {
    const keep = parts.length - limit;
    return [parts.slice(0, keep).join(sep), ...parts.slice(keep)];
  }
  return [...parts.slice(0, limit), parts.slice(limit).join(sep)];
}

function splitWhitespace(s: string, limit: number, fromRight: boolean): string[] {
  const words: string[] = [];
  const cps = fromRight ? codePoints(s).reverse() : codePoints(s);
  let i = 0;
  while (i < cps.length) {
    while (i < cps.length && isSpace(cps[i])) i++;
    if (i >= cps.length) break;
    if (words.length === limit) {
      // The rest is the last part, whitespace at its far end included (as CPython keeps it).
      words.push(cps.slice(i).join(""));
      break;
    }
    const start = i;
    while (i < cps.length && !isSpace(cps[i])) i++;
    words.push(cps.slice(start, i).join(""));
  }
  return fromRight ? words.reverse().map((w) => codePoints(w).reverse().join("")) : words;
}

/** Code-point window `[start, end)` of `s` for find/count/startswith arguments. */
function window(s: string, start: Value | undefined, end: Value | undefined): { text: string; offset: number; beyond: boolean } {
  const cps = codePoints(s);
  const n = cps.length;
  const clamp = (v: number) => Math.min(Math.max(v < 0 ? v + n : v, 0), n);
  const rawStart = optInt(start, 0);
  const a = clamp(rawStart);
  const b = clamp(optInt(end, n));
  // CPython answers "not found" when start lies past the end of the string or of the window,
  // even for an empty needle.
  return { text: a >= b ? "" : cps.slice(a, b).join(""), offset: a, beyond: (rawStart < 0 ? rawStart + n : rawStart) > n || a > b };
}

function find(s: string, args: readonly Value[], fromRight: boolean): number {
  const sub = expectStr(args[0], "argument");
  const { text, offset, beyond } = window(s, args[1], args[2]);
  if (beyond) return -1;
  const at = fromRight ? text.lastIndexOf(sub) : text.indexOf(sub);
  return at < 0 ? -1 : offset + strLength(text.slice(0, at));
}

function prefixes(v: Value, method: string): string[] {
  if (typeof v === "string") return [v];
  if (v instanceof PyTuple) return v.items.map((x) => expectStr(x, `tuple for ${method}`));
  throw new PyError("TypeError", `${method} first arg must be str or a tuple of str, not ${typeName(v)}`);
}

function replace(s: string, old: string, replacement: string, count: number): string {
  if (old === "") {
    const cps = ["", ...codePoints(s), ""];
    const slots = cps.length - 1;
    const n = count < 0 ? slots : Math.min(count, slots);
    fits(s.length + n * replacement.length);
    return cps.map((ch, i) => (i > 0 && i <= n ? replacement + ch : ch)).join("");
  }
  const parts = s.split(old);
  const replaced = count < 0 ? parts.length - 1 : Math.min(count, parts.length - 1);
  fits(s.length + replaced * (replacement.length - old.length));
  if (count < 0 || count >= parts.length - 1) return parts.join(replacement);
  return parts.slice(0, count + 1).join(replacement) + old + parts.slice(count + 1).join(old);
}

function count(s: string, args: readonly Value[]): number {
  const sub = expectStr(args[0], "argument");
  const { text, beyond } = window(s, args[1], args[2]);
  if (beyond) return 0;
  return sub === "" ? strLength(text) + 1 : text.split(sub).length - 1;
}

function padTo(s: string, args: readonly Value[], where: "left" | "right" | "center"): string {
  const width = optInt(args[0], 0);
  const fill = args[1] === undefined ? " " : expectStr(args[1], "fill character");
  if (strLength(fill) !== 1) throw new PyError("TypeError", "The fill character must be exactly one character long");
  const missing = width - strLength(s);
  if (missing <= 0) return s;
  if (where === "left") return s + repeatString(fill, missing);
  if (where === "right") return repeatString(fill, missing) + s;
  // CPython's center puts the odd extra character on the left when the width is odd.
  const left = Math.floor(missing / 2) + (missing & width & 1);
  return repeatString(fill, left) + s + repeatString(fill, missing - left);
}

function allChars(s: string, test: RegExp): boolean {
  return s.length > 0 && codePoints(s).every((ch) => test.test(ch));
}

function title(s: string): string {
  return s.replace(/\p{L}+/gu, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase());
}

function splitlines(s: string, keepends: boolean): string[] {
  const out: string[] = [];
  let rest = s;
  while (rest.length > 0) {
    const m = LINE_BREAK.exec(rest);
    if (m === null) {
      out.push(rest);
      break;
    }
    out.push(rest.slice(0, keepends ? m.index + m[0].length : m.index));
    rest = rest.slice(m.index + m[0].length);
  }
  return out;
}

function arity(name: string, min: number, max: number, kwargs: readonly string[], m: Method<string>): Method<string> {
  return (self, args, kw) => {
    checkArity(name, args, kw, min, max, kwargs);
    return m(self, args, kw);
  };
}

export const STR_METHODS: ReadonlyMap<string, Method<string>> = new Map<string, Method<string>>([
  ["strip", arity("strip", 0, 1, [], (s, a) => stripChars(s, optStr(a[0], "strip arg"), true, true))],
  ["lstrip", arity("lstrip", 0, 1, [], (s, a) => stripChars(s, optStr(a[0], "lstrip arg"), true, false))],
  ["rstrip", arity("rstrip", 0, 1, [], (s, a) => stripChars(s, optStr(a[0], "rstrip arg"), false, true))],
  ["split", arity("split", 0, 2, ["sep", "maxsplit"], (s, a, k) => split(s, optStr(k.get("sep") ?? a[0], "sep"), optInt(k.get("maxsplit") ?? a[1], -1), false))],
  ["rsplit", arity("rsplit", 0, 2, ["sep", "maxsplit"], (s, a, k) => split(s, optStr(k.get("sep") ?? a[0], "sep"), optInt(k.get("maxsplit") ?? a[1], -1), true))],
  ["join", arity("join", 1, 1, [], (s, a) => join(s, toArray(a[0])))],
  ["startswith", arity("startswith", 1, 3, [], (s, a) => prefixes(a[0], "startswith").some((p) => {
    const w = window(s, a[1], a[2]);
    return !w.beyond && w.text.startsWith(p);
  }))],
  ["endswith", arity("endswith", 1, 3, [], (s, a) => prefixes(a[0], "endswith").some((p) => {
    const w = window(s, a[1], a[2]);
    return !w.beyond && w.text.endsWith(p);
  }))],
  ["lower", arity("lower", 0, 0, [], (s) => s.toLowerCase())],
  ["upper", arity("upper", 0, 0, [], (s) => s.toUpperCase())],
  ["casefold", arity("casefold", 0, 0, [], (s) => s.toLowerCase())],
  ["swapcase", arity("swapcase", 0, 0, [], (s) => codePoints(s).map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(""))],
  ["title", arity("title", 0, 0, [], (s) => title(s))],
  ["capitalize", arity("capitalize", 0, 0, [], (s) => (s === "" ? s : codePoints(s)[0].toUpperCase() + codePoints(s).slice(1).join("").toLowerCase()))],
  ["replace", arity("replace", 2, 3, [], (s, a) => replace(s, expectStr(a[0], "replace() argument 1"), expectStr(a[1], "replace() argument 2"), optInt(a[2], -1)))],
  ["find", arity("find", 1, 3, [], (s, a) => find(s, a, false))],
  ["rfind", arity("rfind", 1, 3, [], (s, a) => find(s, a, true))],
  ["index", arity("index", 1, 3, [], (s, a) => notFound(find(s, a, false)))],
  ["rindex", arity("rindex", 1, 3, [], (s, a) => notFound(find(s, a, true)))],
  ["count", arity("count", 1, 3, [], (s, a) => count(s, a))],
  ["splitlines", arity("splitlines", 0, 1, ["keepends"], (s, a, k) => splitlines(s, Boolean(k.get("keepends") ?? a[0] ?? false)))],
  ["format", (s, a, k) => strFormat(s, a, k)],
  ["format_map", arity("format_map", 1, 1, [], (s, a) => {
    if (!(a[0] instanceof PyDict)) throw new PyError("TypeError", `format_map() argument must be a mapping, not ${typeName(a[0])}`);
    return strFormat(s, [], new Map(a[0].entries().filter(([key]) => typeof key === "string") as [string, Value][]));
  })],
  ["expandtabs", arity("expandtabs", 0, 1, ["tabsize"], (s, a, k) => expandTabs(s, optInt(k.get("tabsize") ?? a[0], 8)))],
  ["istitle", arity("istitle", 0, 0, [], (s) => /\p{L}/u.test(s) && title(s) === s && /\p{Lu}|\p{Lt}/u.test(s))],
  ["isidentifier", arity("isidentifier", 0, 0, [], (s) => /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(s))],
  ["isascii", arity("isascii", 0, 0, [], (s) => /^[\x00-\x7f]*$/.test(s))],
  ["isdigit", arity("isdigit", 0, 0, [], (s) => allChars(s, /[\p{Nd}\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089]/u))],
  ["isdecimal", arity("isdecimal", 0, 0, [], (s) => allChars(s, /\p{Nd}/u))],
  ["isnumeric", arity("isnumeric", 0, 0, [], (s) => allChars(s, /\p{N}/u))],
  ["isalpha", arity("isalpha", 0, 0, [], (s) => allChars(s, /\p{L}/u))],
  ["isalnum", arity("isalnum", 0, 0, [], (s) => allChars(s, /[\p{L}\p{N}]/u))],
  ["isspace", arity("isspace", 0, 0, [], (s) => s.length > 0 && WHITESPACE.test(s))],
  ["isupper", arity("isupper", 0, 0, [], (s) => /\p{Lu}/u.test(s) && !/\p{Ll}/u.test(s))],
  ["islower", arity("islower", 0, 0, [], (s) => /\p{Ll}/u.test(s) && !/\p{Lu}/u.test(s))],
  ["zfill", arity("zfill", 1, 1, [], (s, a) => zfill(s, optInt(a[0], 0)))],
  ["center", arity("center", 1, 2, [], (s, a) => padTo(s, a, "center"))],
  ["ljust", arity("ljust", 1, 2, [], (s, a) => padTo(s, a, "left"))],
  ["rjust", arity("rjust", 1, 2, [], (s, a) => padTo(s, a, "right"))],
  ["partition", arity("partition", 1, 1, [], (s, a) => partition(s, expectStr(a[0], "sep"), false))],
  ["rpartition", arity("rpartition", 1, 1, [], (s, a) => partition(s, expectStr(a[0], "sep"), true))],
  ["removeprefix", arity("removeprefix", 1, 1, [], (s, a) => (s.startsWith(expectStr(a[0], "prefix")) ? s.slice((a[0] as string).length) : s))],
  ["removesuffix", arity("removesuffix", 1, 1, [], (s, a) => {
    const suffix = expectStr(a[0], "suffix");
    return suffix !== "" && s.endsWith(suffix) ? s.slice(0, s.length - suffix.length) : s;
  })],
]);

function notFound(i: number): number {
  if (i < 0) throw new PyError("ValueError", "substring not found");
  return i;
}

function join(sep: string, items: readonly Value[]): string {
  let length = sep.length * Math.max(0, items.length - 1);
  items.forEach((x, i) => {
    if (typeof x !== "string") throw new PyError("TypeError", `sequence item ${i}: expected str instance, ${typeName(x)} found`);
    length += x.length;
  });
  fits(length);
  return items.join(sep);
}

/** A result string past the cap is a MemoryError before it is built (V8 would throw a RangeError). */
function fits(length: number): void {
  if (length > MAX_SEQUENCE_LENGTH) throw tooLong();
}

function expandTabs(s: string, size: number): string {
  let out = "";
  let column = 0;
  for (const ch of s) {
    if (ch === "\t") {
      const pad = size > 0 ? size - (column % size) : 0;
      fits(out.length + pad);
      out += repeatString(" ", pad);
      column += pad;
    } else {
      out += ch;
      column = ch === "\n" || ch === "\r" ? 0 : column + 1;
    }
  }
  return out;
}

function zfill(s: string, width: number): string {
  const missing = width - strLength(s);
  if (missing <= 0) return s;
  const sign = s[0] === "+" || s[0] === "-" ? s[0] : "";
  return sign + repeatString("0", missing) + s.slice(sign.length);
}

function partition(s: string, sep: string, fromRight: boolean): PyTuple {
  if (sep === "") throw new PyError("ValueError", "empty separator");
  const at = fromRight ? s.lastIndexOf(sep) : s.indexOf(sep);
  if (at < 0) return new PyTuple(fromRight ? ["", "", s] : [s, "", ""]);
  return new PyTuple([s.slice(0, at), sep, s.slice(at + sep.length)]);
}
