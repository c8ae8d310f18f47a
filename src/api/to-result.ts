/** A program run's runtime values as the plain, JSON-ready QueryResult. */
import { toJs } from "../runtime/eval/index.js";
import type { ProgramResult } from "../runtime/interpreter.js";
import type { QueryResult } from "./result.js";

export function toQueryResult(r: ProgramResult): QueryResult {
  const variables: Record<string, unknown> = {};
  for (const [name, value] of r.variables) variables[name] = jsonSafe(toJs(value));
  const distribution = r.distribution === undefined ? null : { [r.distribution.variable]: Object.fromEntries(r.distribution.scores.map((s) => [s.option, s.probability])) };
  return { prompt: r.prompt, variables, distribution, returned: jsonSafe(toJs(r.returned)), didReturn: r.didReturn };
}

/** Functions and opaque host objects have no JSON form: show them by name. */
function jsonSafe(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(jsonSafe);
  if (typeof v === "function") return `<function ${v.name}>`;
  if (typeof v === "object" && v !== null) {
    if ((v as { kind?: unknown }).kind === "callable") return `<function ${(v as { name: string }).name}>`;
    if (Object.getPrototypeOf(v) === Object.prototype) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, jsonSafe(x)]));
    return String(v);
  }
  return v;
}
