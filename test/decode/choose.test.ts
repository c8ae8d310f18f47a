import { describe, expect, it } from "vitest";
import { hasPenalties, maskedArgmax, maskedSample, maskedTopN, penalize, SamplingScratch, tokenCounts } from "../../src/runtime/decode/choose.js";
import { seededRng } from "../../src/runtime/decode/prng.js";

const logits = Float32Array.from([1, 3, 2, 5, 0, 4, -1, 2.5]);
const bits = (ids: readonly number[]): Uint32Array => {
  const b = new Uint32Array(1);
  for (const id of ids) b[0] |= 1 << id;
  return b;
};
const ALL = bits([0, 1, 2, 3, 4, 5, 6, 7]);

function frequencies(draw: () => number, n: number): number[] {
  const counts = new Array<number>(logits.length).fill(0);
  for (let i = 0; i < n; i++) counts[draw()]++;
  return counts.map((c) => c / n);
}

describe("choosing among allowed tokens", () => {
  it("argmax and top-n respect the mask and the allowed end ids", () => {
    expect(maskedArgmax(logits, ALL, [])).toBe(3);
    expect(maskedArgmax(logits, bits([0, 2, 6]), [])).toBe(2);
    expect(maskedArgmax(logits, bits([0, 2]), [5])).toBe(5);
    expect(maskedArgmax(logits, bits([]), [])).toBe(-1);
    expect(maskedTopN(logits, bits([0, 1, 2, 7]), [], 3)).toEqual([1, 7, 2]);
    expect(maskedTopN(logits, bits([0]), [3], 3)).toEqual([3, 0]);
  });

  it("sampling follows softmax(logits / T) over the allowed tokens only", () => {
    const rng = seededRng(42);
    const scratch = new SamplingScratch(8);
    const allowed = bits([0, 1, 2, 3]);
    const freq = frequencies(() => maskedSample(logits, allowed, [], { temperature: 2 }, rng, scratch), 40_000);
    const w = [0, 1, 2, 3].map((i) => Math.exp(logits[i] / 2));
    const z = w.reduce((a, b) => a + b, 0);
    for (let i = 0; i < 4; i++) expect(freq[i]).toBeCloseTo(w[i] / z, 1);
    for (let i = 4; i < 8; i++) expect(freq[i]).toBe(0);
  });

  it("top-k keeps the k best; top-p the smallest set reaching p", () => {
    const rng = seededRng(7);
    const scratch = new SamplingScratch(8);
    const topK = frequencies(() => maskedSample(logits, ALL, [], { temperature: 1, topK: 2 }, rng, scratch), 5_000);
    expect(topK.map((f, i) => (f > 0 ? i : -1)).filter((i) => i >= 0)).toEqual([3, 5]);
    // softmax mass of token 3 alone ≈ 0.60, with 5 ≈ 0.82: p = 0.7 keeps exactly {3, 5}.
    const topP = frequencies(() => maskedSample(logits, ALL, [], { temperature: 1, topP: 0.7 }, rng, scratch), 5_000);
    expect(topP.map((f, i) => (f > 0 ? i : -1)).filter((i) => i >= 0)).toEqual([3, 5]);
  });

  it("the same seed gives the same draws", () => {
    const draw = (seed: number): number[] => {
      const rng = seededRng(seed);
      const scratch = new SamplingScratch(8);
      return Array.from({ length: 20 }, () => maskedSample(logits, ALL, [], { temperature: 1 }, rng, scratch));
    };
    expect(draw(3)).toEqual(draw(3));
    expect(draw(3)).not.toEqual(draw(4));
  });
});

describe("penalties", () => {
  const base = Float32Array.from([2, -2, 1, 0.5]);
  const counts = tokenCounts([0, 1, 0], [2]);

  it("counts occurrences over the run's tokens and the path's", () => {
    expect([...counts]).toEqual([
      [0, 2],
      [1, 1],
      [2, 1],
    ]);
  });

  it("repetition_penalty divides positive logits and multiplies negative ones (HF); untouched tokens stay", () => {
    const out = penalize(base, counts, { repetition: 2 });
    expect([...out]).toEqual([1, -4, 0.5, 0.5]);
    expect([...base]).toEqual([2, -2, 1, 0.5]);
  });

  it("frequency and presence penalties subtract count × f + p (OpenAI)", () => {
    const out = penalize(base, counts, { frequency: 0.5, presence: 0.25 });
    expect([...out]).toEqual([2 - 1 - 0.25, -2 - 0.5 - 0.25, 1 - 0.5 - 0.25, 0.5]);
  });

  it("knows when there is nothing to do", () => {
    expect(hasPenalties({})).toBe(false);
    expect(hasPenalties({ repetition: 1, frequency: 0, presence: 0 })).toBe(false);
    expect(hasPenalties({ presence: -0.5 })).toBe(true);
  });
});
