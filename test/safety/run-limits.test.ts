/** The run budget itself: steps, clock and heap, and limits that must be whole numbers. */
import { describe, expect, it } from "vitest";
import { Deadline, resolveLimits } from "../../src/runtime/run-limits.js";
import { LimitError, PyError } from "../../src/runtime/eval/index.js";
import { LmqlError } from "../../src/diagnostics/diagnostic.js";

const limits = { timeoutMs: 60_000, maxSteps: 5000 };

describe("run budget", () => {
  it("raises E313 past maxSteps, counting bulk steps", () => {
    const d = new Deadline(limits, Date.now(), () => 0);
    for (let i = 0; i < 5000; i++) d.step();
    expect(() => d.step()).toThrow(LimitError);
    const bulk = new Deadline(limits, Date.now(), () => 0);
    expect(() => bulk.step(5001)).toThrow(/more than 5000 steps/);
  });

  it("raises E306 once the clock runs out", () => {
    const d = new Deadline(limits, Date.now() - 61_000, () => 0);
    try {
      d.step();
      expect.unreachable();
    } catch (e) {
      expect(e instanceof LimitError && e.code).toBe("E306");
    }
  });

  it("raises MemoryError when the values fill the heap, checking about once per 1024 steps", () => {
    let share = 0.1;
    const d = new Deadline({ timeoutMs: 60_000, maxSteps: 10 ** 9 }, Date.now(), () => share);
    for (let i = 0; i < 5000; i++) d.step();
    share = 0.95;
    let raised: unknown;
    for (let i = 0; i < 2048 && raised === undefined; i++) {
      try {
        d.step();
      } catch (e) {
        raised = e;
      }
    }
    expect(raised instanceof PyError && raised.pyType).toBe("MemoryError");
  });

  it("refuses limits that are not whole numbers ≥ 1", () => {
    const source = { name: "q", text: "" };
    expect(resolveLimits({ maxSteps: 7 }, source).maxSteps).toBe(7);
    for (const bad of [NaN, 0, -1, 2.5, Infinity]) expect(() => resolveLimits({ timeoutMs: bad }, source)).toThrow(LmqlError);
  });
});
