/**
 * The `lmql` tagged template: `` lmql`"Capital of ${country}? [A]" where STOPS_AT(A, "\n")` ``.
 * Each `${}` value becomes an input with a generated name and never becomes query text: inside a
 * quoted prompt it is written as `{__arg0}` (interpolated), in code as the bare name. The compiled
 * query is cached per call site (its TemplateStringsArray), so a template in a loop is parsed once.
 */
import { compileOrThrow, type CompiledQuery } from "./compile.js";
import type { RunOptions, RunResult } from "./result.js";
import { run, type BoundQuery } from "./run.js";

export interface TemplateQuery extends BoundQuery {
  /** Runs the query with its template values bound. */
  run(options?: RunOptions): Promise<RunResult>;
}

const cache = new WeakMap<TemplateStringsArray, CompiledQuery>();

export function argName(i: number): string {
  return `__arg${i}`;
}

export function lmql(strings: TemplateStringsArray, ...values: unknown[]): TemplateQuery {
  let query = cache.get(strings);
  if (query === undefined) {
    query = compileOrThrow({ name: "<template>", text: templateSource(strings.raw) });
    cache.set(strings, query);
  }
  const args: Record<string, unknown> = {};
  values.forEach((v, i) => (args[argName(i)] = v));
  const bound: BoundQuery = { kind: "bound-query", query, args };
  return { ...bound, run: (options?: RunOptions) => run(bound, options) };
}

/**
 * The query text with each `${}` replaced by its input, so a value is always data: `{__argN}` in
 * prompt text, an f-string or a format spec; the string split around `str(__argN)` inside any other
 * string literal; the bare name in code, including code inside a prompt's `{...}`.
 */
export function templateSource(parts: readonly string[]): string {
  let out = "";
  parts.forEach((part, i) => {
    out += part;
    if (i === parts.length - 1) return;
    const name = argName(i);
    const at = scanTemplate(out);
    if (at.kind === "code") out += name;
    else if (at.kind === "spec" || at.interpolating) out += `{${name}}`;
    else out += `${at.quote} + str(${name}) + ${at.prefix}${at.quote}`;
  });
  return out;
}

export interface OpenString {
  readonly kind: "string";
  /** `"`, `'`, `"""` or `'''`. */
  readonly quote: string;
  /** String prefix letters such as `r` or `f`, lower-cased. */
  readonly prefix: string;
  /** A prompt statement (the literal starts its line outside brackets) or an f-string: `{...}` interpolates. */
  readonly interpolating: boolean;
}

/** Code at the top level or inside a `{...}` field; `depth` counts open brackets. */
interface CodeFrame {
  readonly kind: "code";
  depth: number;
  readonly field: boolean;
}
/** The format spec after `:` in a `{...}` field, where `{...}` nests again. */
interface SpecFrame {
  readonly kind: "spec";
}
type Frame = CodeFrame | SpecFrame | OpenString;

/** The string literal still open at the end of `text`, if any (comments skipped). */
export function openStringAt(text: string): OpenString | undefined {
  const at = scanTemplate(text);
  return at.kind === "string" ? at : undefined;
}

/** What `text` leaves open at its end: code, a string literal, or a format spec. */
export function scanTemplate(text: string): Frame {
  const stack: Frame[] = [{ kind: "code", depth: 0, field: false }];
  for (let i = 0; i < text.length; i++) {
    const top = stack[stack.length - 1]!;
    if (top.kind === "code") i = scanCode(text, i, top, stack);
    else if (top.kind === "spec") i = scanSpec(text, i, stack);
    else i = scanString(text, i, top, stack);
  }
  return stack[stack.length - 1]!;
}

function scanCode(text: string, i: number, top: CodeFrame, stack: Frame[]): number {
  const c = text[i]!;
  if (c === "#") {
    const nl = text.indexOf("\n", i);
    return nl < 0 ? text.length : nl;
  }
  if (c === '"' || c === "'") {
    const open = opening(text, i, stack.length === 1 && top.depth === 0);
    stack.push(open);
    return i + open.quote.length - 1;
  }
  if (c === "(" || c === "[" || c === "{") top.depth++;
  else if (top.depth > 0 && (c === ")" || c === "]" || c === "}")) top.depth--;
  else if (top.field && c === "}") stack.pop();
  else if (top.field && top.depth === 0 && c === ":" && text[i + 1] !== "=") stack[stack.length - 1] = { kind: "spec" };
  return i;
}

function scanSpec(text: string, i: number, stack: Frame[]): number {
  const c = text[i]!;
  if (c === "{") stack.push({ kind: "code", depth: 0, field: true });
  else if (c === "}") stack.pop();
  return i;
}

function scanString(text: string, i: number, top: OpenString, stack: Frame[]): number {
  const c = text[i]!;
  if (c === "\\") return i + 1;
  if (text.startsWith(top.quote, i)) {
    stack.pop();
    return i + top.quote.length - 1;
  }
  if (!top.interpolating || (c !== "{" && c !== "}")) return i;
  if (text[i + 1] === c) return i + 1;
  if (c === "{") stack.push({ kind: "code", depth: 0, field: true });
  return i;
}

function opening(text: string, at: number, statementLevel: boolean): OpenString {
  const c = text[at]!;
  const quote = text.startsWith(c.repeat(3), at) ? c.repeat(3) : c;
  let start = at;
  while (start > 0 && /[rRfFbBuU]/.test(text[start - 1]!)) start--;
  const prefix = text.slice(start, at).toLowerCase();
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const prompt = statementLevel && text.slice(lineStart, start).trim() === "";
  return { kind: "string", quote, prefix, interpolating: prompt || prefix.includes("f") };
}
