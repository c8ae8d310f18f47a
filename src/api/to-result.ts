/**
 * A program run's runtime values as the QueryResult `run()` returns. Values stay JavaScript values
 * (host objects the query passed through unchanged come back as the same objects); only the CLI's
 * `--json` turns them into JSON. Records are null-prototype objects, so a hole or key named
 * `__proto__` is an ordinary entry and never a prototype.
 */
import { toJs } from "../runtime/eval/index.js";
import type { ProgramResult } from "../runtime/interpreter.js";
import type { QueryResult } from "./result.js";

export function toQueryResult(r: ProgramResult): QueryResult {
  const variables = record([...r.variables].map(([name, value]) => [name, toJs(value)] as const));
  const distribution = r.distribution === undefined ? null : record([[r.distribution.variable, record(r.distribution.scores.map((s) => [s.option, s.probability] as const))]]);
  return { prompt: r.prompt, variables, distribution, returned: toJs(r.returned), didReturn: r.didReturn };
}

/** A null-prototype object with these entries (a later duplicate key wins). */
export function record<T>(entries: Iterable<readonly [string, T]>): Record<string, T> {
  const out = Object.create(null) as Record<string, T>;
  for (const [k, v] of entries) out[k] = v;
  return out;
}
