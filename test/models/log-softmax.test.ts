import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { logSoftmaxAt, logSumExp } from "../../src/models/log-softmax.js";

function exact(row: Float32Array): number {
  let max = -Infinity;
  for (const x of row) max = Math.max(max, x);
  if (max === -Infinity) return -Infinity;
  let sum = 0;
  for (const x of row) sum += Math.exp(x - max);
  return max + Math.log(sum);
}

describe("logSumExp", () => {
  it("matches Math.exp-based log-sum-exp to 1e-6 on random rows", () => {
    fc.assert(
      fc.property(fc.array(fc.float({ min: -60, max: 60, noNaN: true }), { minLength: 1, maxLength: 300 }), (values) => {
        const row = Float32Array.from(values);
        expect(Math.abs(logSumExp(row) - exact(row))).toBeLessThan(1e-6);
      }),
    );
  });

  it("handles masked (-Infinity) entries, a single finite entry, and all-masked rows", () => {
    expect(logSumExp(Float32Array.from([-Infinity, 3, -Infinity]))).toBeCloseTo(3, 9);
    expect(logSumExp(Float32Array.from([-Infinity, -Infinity]))).toBe(-Infinity);
    expect(logSoftmaxAt(Float32Array.from([0, 0, 0, 0]), 2)).toBeCloseTo(-Math.log(4), 6);
    const wide = Float32Array.from([100, -100, 0]);
    expect(logSoftmaxAt(wide, 0)).toBeCloseTo(0, 9);
  });
});
