/**
 * LMQL's SENTENCES (ops.py `Sentences`): the value split after each ".", the separator kept; an
 * unfinished tail is a sentence of its own, and the empty value is one empty sentence. Both the
 * finished-value function and the mask of `len(SENTENCES(X)) op n` are defined here, so they agree.
 */
import type { ConstraintSpec, LengthOp } from "./spec.js";
import { unreachable } from "../diagnostics/diagnostic.js";

export function sentencesOf(value: string): string[] {
  const out: string[] = [];
  let current = "";
  for (const c of value) {
    current += c;
    if (c === ".") {
      out.push(current);
      current = "";
    }
  }
  if (current.length > 0) out.push(current);
  return out.length === 0 ? [""] : out;
}

/**
 * Values with at most `k` sentences: at most k−1 dots, or exactly k with the value ending on one.
 * (Python syntax: `[^.]` includes "\n".)
 */
function atMost(k: number): ConstraintSpec {
  if (k < 1) return { kind: "false" };
  return { kind: "regex", pattern: `[^.]*(?:\\.[^.]*){0,${k - 1}}|(?:[^.]*\\.){${k}}` };
}

const not = (part: ConstraintSpec): ConstraintSpec => (part.kind === "false" ? { kind: "true" } : { kind: "not", part });

/** The mask of `len(SENTENCES(X)) op n`. */
export function sentenceCountSpec(op: LengthOp, n: number): ConstraintSpec {
  switch (op) {
    case "<":
      return atMost(n - 1);
    case "<=":
      return atMost(n);
    case ">":
      return not(atMost(n));
    case ">=":
      return not(atMost(n - 1));
    case "==":
      return n < 1 ? { kind: "false" } : { kind: "and", parts: [atMost(n), not(atMost(n - 1))] };
    case "!=":
      return n < 1 ? { kind: "true" } : { kind: "or", parts: [not(atMost(n)), atMost(n - 1)] };
    default:
      return unreachable(op);
  }
}
