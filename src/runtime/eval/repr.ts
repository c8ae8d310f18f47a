/** `str()` and `repr()` as Python prints them. */
import { unreachable } from "../../diagnostics/diagnostic.js";
import { MAX_NESTING } from "./compare.js";
import { PyError } from "./errors.js";
import { floatRepr } from "./number-format.js";
import { MAX_SEQUENCE_LENGTH, tooLong } from "./sequence.js";
import { PyTuple, kindOf, toNumber, type Callable, type PyDict, type PyDictView, type PyRange, type PySet, type Value } from "./value.js";

/** Python's `str(v)`. */
export function pyStr(v: Value): string {
  return typeof v === "string" ? v : pyRepr(v);
}

/** Python's `repr(v)`. Cyclic containers print `[...]` as Python does. */
export function pyRepr(v: Value): string {
  return reprIn(v, new ReprState());
}

/**
 * The containers on the path being printed (a cycle prints `[...]`) and the characters printed so
 * far: a list nested in itself by many paths (`a = [a, a]` sixty times) is refused, not printed.
 */
class ReprState extends Set<object> {
  chars = 0;
  count(text: string): string {
    this.chars += text.length;
    if (this.chars > MAX_SEQUENCE_LENGTH) throw tooLong();
    return text;
  }
}

function reprIn(v: Value, seen: ReprState): string {
  const text = reprValue(v, seen);
  // A container's text is its items' text plus brackets and separators: count each character once.
  if (typeof v !== "object" || v === null || kindOf(v) === "float" || kindOf(v) === "host" || kindOf(v) === "callable") return seen.count(text);
  seen.chars += 2 + 2 * Math.max(0, itemCount(v) - 1);
  seen.count("");
  return text;
}

function reprValue(v: Value, seen: ReprState): string {
  const k = kindOf(v);
  switch (k) {
    case "none":
      return "None";
    case "bool":
      return v ? "True" : "False";
    case "int":
      return String(v);
    case "float":
      return floatRepr(toNumber(v));
    case "str":
      return stringRepr(v as string);
    case "list":
      return nested(v as object, seen, "[...]", () => `[${items(v as Value[], seen)}]`);
    case "tuple": {
      const t = (v as PyTuple).items;
      return nested(t, seen, "(...)", () => (t.length === 1 ? `(${reprIn(t[0], seen)},)` : `(${items(t, seen)})`));
    }
    case "dict": {
      const d = v as PyDict;
      return nested(d, seen, "{...}", () => `{${d.entries().map(([key, val]) => `${reprIn(key, seen)}: ${reprIn(val, seen)}`).join(", ")}}`);
    }
    case "set": {
      const s = v as PySet;
      return s.size === 0 ? "set()" : nested(s, seen, "{...}", () => `{${items(s.values(), seen)}}`);
    }
    case "range": {
      const r = v as PyRange;
      return r.step === 1 ? `range(${r.start}, ${r.stop})` : `range(${r.start}, ${r.stop}, ${r.step})`;
    }
    case "dictview": {
      const view = v as PyDictView;
      return nested(view, seen, "...", () => `dict_${view.view}([${items(view.items(), seen)}])`);
    }
    case "callable":
      return callableRepr(v as Callable);
    case "host":
      return "<host object>";
    default:
      return unreachable(k);
  }
}

function itemCount(v: object): number {
  if (Array.isArray(v)) return v.length;
  if (v instanceof PyTuple) return v.items.length;
  return "size" in v && typeof v.size === "number" ? v.size : 0;
}

function items(vs: readonly Value[], seen: ReprState): string {
  return vs.map((x) => reprIn(x, seen)).join(", ");
}

function nested(o: object, seen: ReprState, cycle: string, f: () => string): string {
  if (seen.has(o)) return cycle;
  if (seen.size > MAX_NESTING) throw new PyError("RecursionError", "maximum recursion depth exceeded while getting the repr of an object");
  seen.add(o);
  try {
    return f();
  } finally {
    seen.delete(o);
  }
}

function callableRepr(c: Callable): string {
  switch (c.flavor) {
    case "type":
      return `<class '${c.name}'>`;
    case "builtin":
      return `<built-in function ${c.name}>`;
    case "method":
      return `<bound method ${c.name}>`;
    case "function":
    case undefined:
      return `<function ${c.name}>`;
    default:
      return unreachable(c.flavor);
  }
}

const ESCAPES: ReadonlyMap<string, string> = new Map([
  ["\\", "\\\\"],
  ["\n", "\\n"],
  ["\r", "\\r"],
  ["\t", "\\t"],
]);

/** Python's quoting: single quotes unless the text holds `'` and no `"`. */
export function stringRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const esc = ESCAPES.get(ch);
    if (esc !== undefined) out += esc;
    else if (ch === quote) out += "\\" + ch;
    else out += printable(ch) ? ch : hexEscape(ch);
  }
  return out + quote;
}

function printable(ch: string): boolean {
  // Control characters, separators other than space, surrogates: Python escapes these.
  return !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/u.test(ch) && (ch === " " || !/\p{Zs}/u.test(ch));
}

function hexEscape(ch: string): string {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x100) return "\\x" + cp.toString(16).padStart(2, "0");
  if (cp < 0x10000) return "\\u" + cp.toString(16).padStart(4, "0");
  return "\\U" + cp.toString(16).padStart(8, "0");
}

/** Python's `ascii(v)`: `repr` with every non-ASCII character escaped. */
export function asciiRepr(v: Value): string {
  return pyRepr(v).replace(/[^\x00-\x7f]/gu, hexEscape);
}
