/** What one engine's run of one constraint's trace yields; shared by both engine adapters. */

/**
 * How often to repeat. The machine is shared, and interference only ever adds time, so each figure
 * is the minimum over repetitions: per step for mask times, per compile for compile times.
 */
/** The token traces of one constraint: the measured value, and a second one for new states. */
export interface Traces {
  readonly tokens: readonly number[];
  readonly otherTokens: readonly number[];
}

export interface Repetitions {
  /** Fresh compiles, each followed by its first (cold) trace; fewer once `budgetMs` is spent. */
  readonly cold: number;
  /** Further runs of the same trace on the last compiled constraint (warm caches). */
  readonly warm: number;
  readonly budgetMs: number;
}

export interface TraceRun {
  /** Fastest of the fresh compiles (wall clock). */
  readonly compileMs: number;
  /** Least CPU time of the fresh compiles. */
  readonly compileCpuMs: number;
  /** How many fresh compiles (and cold traces) were measured. */
  readonly coldReps: number;
  /** Per step: mask time (µs) on a first trace after a fresh compile, minimum over the cold reps. */
  readonly coldUs: readonly number[];
  /** Per step: mask time (µs) on repeated runs of the same trace, minimum over the warm reps. */
  readonly warmUs: readonly number[];
  /** Per step of the other text, run once after the warm passes: mask time (µs). */
  readonly newTextUs: readonly number[];
  /** Per step: time (µs) to advance by the trace token (first trace). */
  readonly advanceUs: readonly number[];
  /** Per step: the allowed text tokens (end-of-sequence/stop tokens cleared), first trace. */
  readonly masks: readonly Uint32Array[];
  /** Per step: whether ending the value (end-of-sequence) was allowed. */
  readonly canEnd: readonly boolean[];
  /** Verification failures: a trace token masked or refused, or the value not complete at the end. */
  readonly problems: readonly string[];
  /**
   * Whether the token allowed at `step` ends the value inside itself (its last bytes are not part of
   * the value): our engine's rule for tokens that run past the value's end. Absent for XGrammar.
   */
  readonly overshoots?: (step: number, id: number) => boolean;
}

/** The samples of one pass over a trace. */
export interface PassResult {
  readonly maskUs: number[];
  readonly advanceUs: number[];
  readonly masks: Uint32Array[];
  readonly canEnd: boolean[];
  readonly problems: string[];
}

export function emptyPass(): PassResult {
  return { maskUs: [], advanceUs: [], masks: [], canEnd: [], problems: [] };
}

/** The figures of a TraceRun from its cold runs (first pass first), warm passes and new-text pass. */
export function summarizeRuns(
  colds: readonly { readonly compile: { readonly wallMs: number; readonly cpuMs: number }; readonly pass: PassResult }[],
  warm: readonly PassResult[],
  other: PassResult,
): TraceRun {
  const first = colds[0].pass;
  return {
    compileMs: Math.min(...colds.map((c) => c.compile.wallMs)),
    compileCpuMs: Math.min(...colds.map((c) => c.compile.cpuMs)),
    coldReps: colds.length,
    coldUs: minPerStep(colds.map((c) => c.pass.maskUs)),
    warmUs: minPerStep(warm.map((p) => p.maskUs)),
    newTextUs: other.maskUs,
    advanceUs: first.advanceUs,
    masks: first.masks,
    canEnd: first.canEnd,
    problems: [...first.problems, ...other.problems.map((p) => `other text: ${p}`)],
  };
}

/** Element-wise minimum of equally long sample rows (a pass cut short leaves its steps out). */
export function minPerStep(rows: readonly (readonly number[])[]): number[] {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const out: number[] = [];
  for (let i = 0; i < width; i++) out.push(Math.min(...rows.filter((r) => i < r.length).map((r) => r[i])));
  return out;
}

/**
 * Runs `once` up to `reps` times (at least once), stopping early once `budgetMs` is spent. `isLast()`
 * tells a repetition whether it is the final one (so it can run extra passes on what it built); the
 * answer it gets is the one the loop then follows.
 */
export async function repeatWithin<T>(
  reps: number,
  budgetMs: number,
  once: (rep: number, isLast: () => boolean) => Promise<T> | T,
): Promise<T[]> {
  const start = performance.now();
  const results: T[] = [];
  for (let rep = 0; rep < reps; rep++) {
    let last: boolean | undefined;
    const isLast = (): boolean => (last ??= rep === reps - 1 || performance.now() - start > budgetMs);
    results.push(await once(rep, isLast));
    if (isLast()) break;
  }
  return results;
}

export function tokenLabel(step: number, id: number): string {
  return `step ${step} (token ${id})`;
}
