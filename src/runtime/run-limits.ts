/** Limits that keep a run finite, and the guard that enforces the wall-clock ones. */
import type { Span } from "../diagnostics/diagnostic.js";
import { fail, RUNTIME_CODES } from "./runtime-error.js";

export interface RunLimits {
  /** Tokens a hole may generate when its constraints set no smaller cap. */
  readonly maxTokensPerHole: number;
  /** Tokens all holes of one run may generate together. */
  readonly maxTokens: number;
  /** Iterations of one loop statement (per execution of the loop). */
  readonly maxIterations: number;
  /** Wall-clock budget of one run in milliseconds. */
  readonly timeoutMs: number;
}

export const DEFAULT_LIMITS: RunLimits = {
  maxTokensPerHole: 256,
  maxTokens: 4096,
  maxIterations: 10_000,
  timeoutMs: 600_000,
};

export class Deadline {
  private readonly at: number;
  constructor(private readonly budgetMs: number, now: number = Date.now()) {
    this.at = now + budgetMs;
  }

  /** Throws the timeout error located at `where` once the budget is spent. */
  check(where: Span): void {
    if (Date.now() > this.at) {
      throw fail(RUNTIME_CODES.timeout, `the query ran longer than its time limit of ${this.budgetMs} ms`, where, "raise the limit with run({ timeoutMs }) or make the query do less");
    }
  }
}

/** Counts one loop's iterations; the error names the limit so the user can tell a runaway loop. */
export function loopGuard(limit: number, where: Span): () => void {
  let count = 0;
  return () => {
    count++;
    if (count > limit) {
      throw fail(RUNTIME_CODES.loopLimit, `this loop ran more than ${limit} iterations`, where, "a 'while' loop needs a condition that turns false or a 'break'; raise the limit with run({ maxIterations })");
    }
  };
}
