/**
 * Limits that keep a run finite, and the budget that enforces the step and wall-clock ones.
 * Every place Python code runs charges one budget: statements check the clock, loop iterations,
 * comprehension steps, function calls and builtins that walk an iterable count steps.
 */
import { getHeapStatistics } from "node:v8";
import { error, LmqlError, type Source, type Span } from "../diagnostics/diagnostic.js";
import { LimitError, PyError } from "./eval/index.js";
import { fail, RUNTIME_CODES } from "./runtime-error.js";

export interface RunLimits {
  /** Tokens a hole may generate when its constraints set no smaller cap. */
  readonly maxTokensPerHole: number;
  /** Tokens all holes of one run may generate together. */
  readonly maxTokens: number;
  /** Iterations of one loop statement (per execution of the loop). */
  readonly maxIterations: number;
  /** Steps of Python code in one result: loop iterations, comprehension steps, calls, items walked. */
  readonly maxSteps: number;
  /** Wall-clock budget of one run in milliseconds. */
  readonly timeoutMs: number;
}

export const DEFAULT_LIMITS: RunLimits = {
  maxTokensPerHole: 256,
  maxTokens: 4096,
  maxIterations: 10_000,
  maxSteps: 1_000_000,
  timeoutMs: 600_000,
};

/** How each limit is set, for messages: `run({ timeoutMs })` and the CLI flag. */
const HOW: Readonly<Record<keyof RunLimits, string>> = {
  maxTokensPerHole: "run({ maxTokensPerHole }) or --max-tokens-per-hole",
  maxTokens: "run({ maxTokens }) or --max-tokens",
  maxIterations: "run({ maxIterations })",
  maxSteps: "run({ maxSteps }) or --max-steps",
  timeoutMs: "run({ timeoutMs }) or --timeout (seconds)",
};

/**
 * The step counter and clock of one run. `check` looks at the clock; `step` counts steps too.
 * Both throw LimitError, a Python-level error: the evaluator locates it at the innermost
 * expression and the interpreter reports it with its E3xx code.
 */
export class Deadline {
  private readonly at: number;
  private readonly budgetMs: number;
  private readonly maxSteps: number;
  private steps = 0;
  private readonly heapShare: () => number;

  /** `heapShare` (for tests): the used fraction of the JS heap's limit. */
  constructor(limits: number | Pick<RunLimits, "timeoutMs" | "maxSteps">, now: number = Date.now(), heapShare: () => number = usedHeapShare) {
    this.budgetMs = typeof limits === "number" ? limits : limits.timeoutMs;
    this.maxSteps = typeof limits === "number" ? DEFAULT_LIMITS.maxSteps : limits.maxSteps;
    this.at = now + this.budgetMs;
    this.heapShare = heapShare;
  }

  /** Throws the timeout error (located at `where`, if given) once the time is spent. */
  check(where?: Span): void {
    if (Date.now() <= this.at) return;
    throw new LimitError(RUNTIME_CODES.timeout, `the query ran longer than its time limit of ${this.budgetMs} ms`, `raise the limit with ${HOW.timeoutMs} or make the query do less`, where);
  }

  /** Counts `n` steps of Python code, then checks the clock. */
  step(n = 1, where?: Span): void {
    this.steps += n;
    if (this.steps > this.maxSteps) {
      throw new LimitError(RUNTIME_CODES.stepLimit, `the query ran more than ${this.maxSteps} steps (loop iterations, comprehension items, calls)`, `a runaway loop or a huge iteration; raise the limit with ${HOW.maxSteps}`, where);
    }
    this.check(where);
    // A loop accumulating values would otherwise run until V8 aborts the process (exit 134).
    if ((this.steps & 1023) < n && this.heapShare() > MAX_HEAP_SHARE) {
      throw new PyError("MemoryError", `the query's values filled ${Math.round(MAX_HEAP_SHARE * 100)}% of the JS heap`, where, "build smaller strings or lists; node --max-old-space-size raises the heap");
    }
  }
}

/** Above this share of the heap limit, a step of query code raises MemoryError. */
const MAX_HEAP_SHARE = 0.8;

function usedHeapShare(): number {
  const h = getHeapStatistics();
  return h.used_heap_size / h.heap_size_limit;
}

/**
 * Counts one loop's iterations; the error names the limit so the user can tell a runaway loop.
 * With a budget, each iteration is also a step of the whole run.
 */
export function loopGuard(limit: number, where: Span, budget?: Deadline): () => void {
  let count = 0;
  return () => {
    count++;
    if (count > limit) {
      throw fail(RUNTIME_CODES.loopLimit, `this loop ran more than ${limit} iterations`, where, `a 'while' loop needs a condition that turns false or a 'break'; raise the limit with ${HOW.maxIterations}`);
    }
    budget?.step(1, where);
  };
}

/** The caller's limits over the defaults; a limit that is not a whole number ≥ 1 is an error, never "no limit". */
export function resolveLimits(given: Partial<Record<keyof RunLimits, number | undefined>>, source: Source, defaults: RunLimits = DEFAULT_LIMITS): RunLimits {
  const out: Record<string, number> = {};
  const bad: string[] = [];
  for (const key of Object.keys(defaults) as (keyof RunLimits)[]) {
    const v = given[key];
    if (v === undefined) out[key] = defaults[key];
    else if (typeof v === "number" && Number.isInteger(v) && v >= 1) out[key] = v;
    else bad.push(`${key} must be a whole number ≥ 1, got ${String(v)}`);
  }
  if (bad.length > 0) throw new LmqlError(bad.map((m) => error(RUNTIME_CODES.badLimit, `invalid run option: ${m}`, { start: 0, end: 0 }, `set it with ${HOW[m.split(" ")[0] as keyof RunLimits]}`)), source);
  return out as unknown as RunLimits;
}

/**
 * An evaluation context for code that runs outside a program's statements (decoder-clause
 * arguments): no output, and the same step and time limits as the run.
 */
export function limitedEvalContext(limits: Pick<RunLimits, "timeoutMs" | "maxSteps">): { print: (text: string) => void; tick: (n?: number) => void } {
  const budget = new Deadline(limits);
  return { print: () => undefined, tick: (n) => budget.step(n) };
}
