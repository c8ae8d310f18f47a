/** Evaluation helpers for tests: a fresh global scope per run, printed text captured. */
import type { Expr } from "../../src/syntax/ast.js";
import { createBuiltins, evaluate, fromJs, PyError, pyRepr, Scope, type EvalContext, type Value } from "../../src/runtime/eval/index.js";

export interface Env {
  readonly scope: Scope;
  readonly ctx: EvalContext;
  readonly printed: string[];
}

export function env(globals: Record<string, unknown> = {}): Env {
  const printed: string[] = [];
  const ctx: EvalContext = { print: (t) => printed.push(t) };
  const scope = new Scope(createBuiltins(ctx));
  for (const [k, v] of Object.entries(globals)) scope.set(k, fromJs(v));
  return { scope, ctx, printed };
}

export async function ev(e: Expr, globals: Record<string, unknown> = {}): Promise<Value> {
  const { scope, ctx } = env(globals);
  return evaluate(e, scope, ctx);
}

/** The repr of the result: compares Python-visibly (`3.0` vs `3`, tuples vs lists). */
export async function r(e: Expr, globals: Record<string, unknown> = {}): Promise<string> {
  return pyRepr(await ev(e, globals));
}

/** The Python error type and message an evaluation raises. */
export async function err(e: Expr, globals: Record<string, unknown> = {}): Promise<string> {
  try {
    const v = await ev(e, globals);
    return `no error: ${pyRepr(v)}`;
  } catch (x) {
    if (x instanceof PyError) return `${x.pyType}: ${x.pyMessage}`;
    throw x;
  }
}
