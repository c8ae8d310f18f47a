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

/** The query text with each `${}` replaced by its input name, interpolated when inside a string. */
export function templateSource(parts: readonly string[]): string {
  let out = "";
  let quote: string | undefined;
  parts.forEach((part, i) => {
    out += part;
    quote = quoteStateAfter(part, quote);
    if (i < parts.length - 1) out += quote === undefined ? argName(i) : `{${argName(i)}}`;
  });
  return out;
}

/** The open quote (`"`, `'`, `"""`, `'''`) after scanning `text` from state `open`; comments skipped. */
export function quoteStateAfter(text: string, open: string | undefined): string | undefined {
  let quote = open;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote === undefined) {
      if (c === "#") {
        const nl = text.indexOf("\n", i);
        if (nl < 0) return undefined;
        i = nl;
      } else if (c === '"' || c === "'") {
        quote = text.startsWith(c.repeat(3), i) ? c.repeat(3) : c;
        i += quote.length - 1;
      }
    } else if (c === "\\") {
      i++;
    } else if (text.startsWith(quote, i)) {
      i += quote.length - 1;
      quote = undefined;
    }
  }
  return quote;
}
