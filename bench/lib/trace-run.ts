/** What one engine's run of one constraint's trace yields; shared by both engine adapters. */

export interface TraceRun {
  readonly compileMs: number;
  /** Per-step mask time (µs) on the first trace after a fresh compile. */
  readonly coldUs: readonly number[];
  /** Per-step mask time (µs) over repeated runs of the same trace (all repetitions pooled). */
  readonly warmUs: readonly number[];
  /** Per-step time (µs) to advance by the trace token (first trace). */
  readonly advanceUs: readonly number[];
  /** Per step: the allowed text tokens (end-of-sequence/stop tokens cleared), first trace. */
  readonly masks: readonly Uint32Array[];
  /** Per step: whether ending the value (end-of-sequence) was allowed. */
  readonly canEnd: readonly boolean[];
  /** Verification failures: a trace token masked or refused, or the value not complete at the end. */
  readonly problems: readonly string[];
}

export function tokenLabel(step: number, id: number): string {
  return `step ${step} (token ${id})`;
}
