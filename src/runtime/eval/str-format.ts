/** `"{} is {age:>3}".format(name, age=7)`: Python's `str.format` replacement fields. */
import { getAttribute } from "./attributes.js";
import { PyError } from "./errors.js";
import { formatValue } from "./format-spec.js";
import { asciiRepr, pyRepr, pyStr } from "./repr.js";
import { getItem } from "./sequence.js";
import type { Value } from "./value.js";

interface Numbering {
  mode: "none" | "auto" | "manual";
  next: number;
}

export function strFormat(format: string, args: readonly Value[], kwargs: ReadonlyMap<string, Value>): string {
  return render(format, args, kwargs, { mode: "none", next: 0 }, 0);
}

function render(format: string, args: readonly Value[], kwargs: ReadonlyMap<string, Value>, numbering: Numbering, depth: number): string {
  if (depth > 2) throw new PyError("ValueError", "Max string recursion exceeded");
  let out = "";
  let i = 0;
  while (i < format.length) {
    const ch = format[i];
    if (ch === "}") {
      if (format[i + 1] !== "}") throw new PyError("ValueError", "Single '}' encountered in format string");
      out += "}";
      i += 2;
    } else if (ch === "{") {
      if (format[i + 1] === "{") {
        out += "{";
        i += 2;
        continue;
      }
      const end = fieldEnd(format, i + 1);
      out += field(format.slice(i + 1, end), args, kwargs, numbering, depth);
      i = end + 1;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** The index of the `}` closing the field that starts at `from`, skipping nested `{...}` in the spec. */
function fieldEnd(format: string, from: number): number {
  let depth = 1;
  for (let j = from; j < format.length; j++) {
    if (format[j] === "{") depth++;
    else if (format[j] === "}" && --depth === 0) return j;
  }
  throw new PyError("ValueError", "Single '{' encountered in format string");
}

function field(text: string, args: readonly Value[], kwargs: ReadonlyMap<string, Value>, numbering: Numbering, depth: number): string {
  const m = /^([^.[!:]*)((?:\.[^.[!:]+|\[[^\]]*\])*)(?:!([rsa]))?(?::(.*))?$/s.exec(text);
  if (m === null) throw new PyError("ValueError", `invalid replacement field '{${text}}'`);
  const [, name, accessors, conversion, rawSpec] = m;
  let value = lookup(name, args, kwargs, numbering);
  for (const acc of accessors.match(/\.[^.[]+|\[[^\]]*\]/g) ?? []) {
    if (acc.startsWith(".")) value = getAttribute(value, acc.slice(1));
    else {
      const key = acc.slice(1, -1);
      value = getItem(value, /^\d+$/.test(key) ? Number(key) : key);
    }
  }
  const converted = conversion === "r" ? pyRepr(value) : conversion === "a" ? asciiRepr(value) : conversion === "s" ? pyStr(value) : value;
  const spec = rawSpec === undefined ? "" : render(rawSpec, args, kwargs, numbering, depth + 1);
  return formatValue(converted, spec);
}

function lookup(name: string, args: readonly Value[], kwargs: ReadonlyMap<string, Value>, numbering: Numbering): Value {
  if (name === "" || /^\d+$/.test(name)) {
    const mode = name === "" ? "auto" : "manual";
    if (numbering.mode !== "none" && numbering.mode !== mode) {
      throw new PyError("ValueError", mode === "auto" ? "cannot switch from manual field specification to automatic field numbering" : "cannot switch from automatic field numbering to manual field specification");
    }
    numbering.mode = mode;
    const index = name === "" ? numbering.next++ : Number(name);
    if (index >= args.length) throw new PyError("IndexError", `Replacement index ${index} out of range for positional args tuple`);
    return args[index];
  }
  const v = kwargs.get(name);
  if (v === undefined) throw new PyError("KeyError", pyRepr(name));
  return v;
}
