/**
 * `# expect: python-expr` lines of annotated `.lmql` cases (the conformance cases and the safety
 * corpus), evaluated against a run's result.
 */
import type { RunResult } from "../../src/api/result.js";
import { createBuiltins, evaluate, fromJs, truthy } from "../../src/runtime/eval/index.js";
import { parse } from "../../src/syntax/parse.js";

/** Evaluates `expr` (Python) against the first result. */
export async function holds(expr: string, result: RunResult): Promise<boolean> {
  const parsed = parse({ name: "<expect>", text: `__expect = (${expr})\n` });
  const stmt = parsed.value.body[0];
  if (parsed.diagnostics.length > 0 || stmt?.kind !== "assign") throw new Error(`cannot parse expectation: ${expr}`);
  const ctx = { print: () => undefined };
  const scope = createBuiltins(ctx).child();
  const r = result.results[0]!;
  for (const [k, v] of Object.entries(r.variables)) scope.set(k, fromJs(v));
  scope.set("prompt", r.prompt);
  scope.set("variables", fromJs(r.variables));
  scope.set("returned", fromJs(r.returned));
  if (r.distribution !== null) scope.set("P", fromJs(Object.values(r.distribution)[0]));
  scope.set("did_return", r.didReturn);
  scope.set("results", fromJs(result.results.map((x) => x.variables)));
  scope.set("warnings", fromJs(result.warnings.map((w) => w.code)));
  return truthy(await evaluate(stmt.value, scope, ctx));
}
