/**
 * Text the CLI writes that it did not author: generated values, inputs, the query's own strings.
 * On a terminal, control characters (escape sequences, carriage returns, bells), C1 controls and
 * bidirectional overrides are shown as escapes, so model output cannot drive the terminal or
 * disguise what was printed. Results are JSON-shaped by `jsonText`, whatever the host objects.
 */

const UNSAFE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** `text` with every terminal-controlling character written as `\xNN` / `\uNNNN`. */
export function terminalSafe(text: string): string {
  return text.replace(UNSAFE, (ch) => {
    const cp = ch.charCodeAt(0);
    return cp < 0x100 ? `\\x${cp.toString(16).padStart(2, "0")}` : `\\u${cp.toString(16).padStart(4, "0")}`;
  });
}

/**
 * A result value as JSON text. Bigints print their digits; functions and query callables print as
 * `<function name>`; other objects that are not plain records, arrays, Maps or Sets print as
 * `<object Name>`; a cycle prints as `"<cycle>"`; a value that throws when read, `"<unreadable>"`.
 */
export function jsonText(value: unknown, indent?: number): string {
  return JSON.stringify(jsonSafe(value, new Set()), undefined, indent);
}

function jsonSafe(v: unknown, path: Set<object>): unknown {
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "function") return `<function ${safeName(v)}>`;
  if (typeof v !== "object" || v === null) return v;
  if (path.has(v)) return "<cycle>";
  path.add(v);
  try {
    return objectSafe(v, path);
  } catch {
    return "<unreadable>";
  } finally {
    path.delete(v);
  }
}

function objectSafe(v: object, path: Set<object>): unknown {
  const inner = (x: unknown): unknown => jsonSafe(x, path);
  if (Array.isArray(v)) return v.map(inner);
  if ((v as { kind?: unknown }).kind === "callable") return `<function ${String((v as { name?: unknown }).name)}>`;
  if (v instanceof Set) return [...v].map(inner);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(jsonSafe(k, path)), inner(x)]));
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, inner(x)]));
  return `<object ${safeName(proto?.constructor)}>`;
}

function safeName(f: unknown): string {
  try {
    const name = (f as { name?: unknown } | undefined)?.name;
    return typeof name === "string" && name !== "" ? name : "anonymous";
  } catch {
    return "anonymous";
  }
}
