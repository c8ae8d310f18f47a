/**
 * The `lmql` tagged template: `` lmql`"Capital of ${country}? [A]" where STOPS_AT(A, "\n")` ``.
 * Each `${}` value becomes an input with a generated name: inside a quoted prompt it is written as
 * `{__arg0}` (interpolated), in code as the bare name. The compiled query is cached per call site
 * (its TemplateStringsArray), so a template in a loop is parsed once.
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
 * The query text with each `${}` replaced by its input: `{__argN}` inside a prompt (and inside an
 * f-string), the string split around `str(__argN)` inside any other string literal, the bare name
 * in code.
 */
export function templateSource(parts: readonly string[]): string {
  let out = "";
  parts.forEach((part, i) => {
    out += part;
    if (i === parts.length - 1) return;
    const open = openStringAt(out);
    const name = argName(i);
    if (open === undefined) out += name;
    else if (open.prompt || open.prefix.includes("f")) out += `{${name}}`;
    else out += `${open.quote} + str(${name}) + ${open.prefix}${open.quote}`;
  });
  return out;
}

export interface OpenString {
  /** `"`, `'`, `"""` or `'''`. */
  readonly quote: string;
  /** String prefix letters such as `r` or `f`, lower-cased. */
  readonly prefix: string;
  /** The literal starts its line: a prompt statement, where `{...}` interpolates. */
  readonly prompt: boolean;
}

/** The string literal still open at the end of `text`, if any (comments skipped). */
export function openStringAt(text: string): OpenString | undefined {
  let open: OpenString | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (open === undefined) {
      if (c === "#") {
        const nl = text.indexOf("\n", i);
        if (nl < 0) return undefined;
        i = nl;
      } else if (c === '"' || c === "'") {
        open = opening(text, i);
        i += open.quote.length - 1;
      }
    } else if (c === "\\") {
      i++;
    } else if (text.startsWith(open.quote, i)) {
      i += open.quote.length - 1;
      open = undefined;
    }
  }
  return open;
}

function opening(text: string, at: number): OpenString {
  const c = text[at]!;
  const quote = text.startsWith(c.repeat(3), at) ? c.repeat(3) : c;
  let start = at;
  while (start > 0 && /[rRfFbBuU]/.test(text[start - 1]!)) start--;
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  return { quote, prefix: text.slice(start, at).toLowerCase(), prompt: text.slice(lineStart, start).trim() === "" };
}
