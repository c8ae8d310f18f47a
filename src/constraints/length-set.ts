/**
 * The set of lengths a `len(...) op n` conjunction allows: an interval minus some excluded values
 * (`!=`). Kept beside the automaton as a counter rather than multiplied into it.
 */
import type { LengthOp } from "./spec.js";
import { unreachable } from "../diagnostics/diagnostic.js";

export interface LengthSet {
  readonly min: number;
  /** Infinity when unbounded. */
  readonly max: number;
  readonly excluded: readonly number[];
}

export const ANY_LENGTH: LengthSet = { min: 0, max: Infinity, excluded: [] };

export function lengthSet(op: LengthOp, n: number): LengthSet {
  switch (op) {
    case "<":
      return { min: 0, max: n - 1, excluded: [] };
    case "<=":
      return { min: 0, max: n, excluded: [] };
    case ">":
      return { min: n + 1, max: Infinity, excluded: [] };
    case ">=":
      return { min: n, max: Infinity, excluded: [] };
    case "==":
      return { min: n, max: n, excluded: [] };
    case "!=":
      return { min: 0, max: Infinity, excluded: [n] };
    default:
      return unreachable(op);
  }
}

export function intersectLengths(a: LengthSet, b: LengthSet): LengthSet {
  return { min: Math.max(a.min, b.min), max: Math.min(a.max, b.max), excluded: [...a.excluded, ...b.excluded] };
}

export function allowsLength(s: LengthSet, n: number): boolean {
  return n >= s.min && n <= s.max && !s.excluded.includes(n);
}

/** Every length at or beyond this behaves the same (all allowed or all refused). */
export function lengthHorizon(s: LengthSet): number {
  return Math.max(s.min, Number.isFinite(s.max) ? s.max + 1 : 0, ...s.excluded.map((e) => e + 1));
}
