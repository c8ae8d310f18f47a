import { describe, expect, it } from "vitest";
import { run } from "../../src/api/run.js";
import { LmqlError } from "../../src/diagnostics/diagnostic.js";
import type { RunEvent } from "../../src/runtime/run-events.js";
import { fakeLogitsModel, type Table } from "./fake-logits-model.js";

/**
 * Greedy picks " a" first, but " b" makes the second hole near certain: beam finds b-c. (The space
 * all values start with is fast-forwarded: the model is asked after it.)
 */
const GARDEN: Table = (text) => {
  if (text.endsWith("Q: ")) return { a: 1, b: 0.9 };
  if (text.endsWith("Q: a then ")) return { c: 0, d: 0 };
  if (text.endsWith("Q: b then ")) return { c: 5, d: -5 };
  return {};
};
const TWO_HOLES = `"Q:[X]" where X in [" a", " b"]\n" then[Y]" where Y in [" c", " d"]\n`;

async function codes(p: Promise<unknown>): Promise<string[]> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(LmqlError);
  return (e as LmqlError).diagnostics.map((d) => d.code);
}

describe("beam(n) over the whole program", () => {
  it("returns n results sorted by total log-probability, finding what greedy misses", async () => {
    const greedy = await run(`argmax\n${TWO_HOLES}`, { model: fakeLogitsModel(GARDEN) });
    expect(greedy.results).toHaveLength(1);
    expect(greedy.results[0]!.variables.X).toBe(" a");
    const model = fakeLogitsModel(GARDEN);
    const beam = await run(`beam(n=2)\n${TWO_HOLES}`, { model });
    expect(beam.results.map((r) => r.variables)).toEqual([
      { X: " b", Y: " c" },
      { X: " a", Y: expect.stringMatching(/^ [cd]$/) },
    ]);
    expect(beam.results[0]!.prompt).toBe("Q: b then c");
    // The prompt is fed once; each replay feeds only what follows the prefix its fork has cached.
    const full = model.encode("Q: b then c").length;
    expect(model.fed.tokens).toBeLessThan(2 * full);
  });

  it("best_k(k) ranks by mean token log-probability, beam by the total", async () => {
    const table: Table = (text) => {
      // After " b" the rest, " c d", is forced: only the first choice is scored.
      if (text.endsWith("Q: ")) return { a: 0.4, b: 0 };
      return {};
    };
    const q = `"Q:[X]" where X in [" a", " b c d"]\n`;
    const beam = await run(`beam(n=2)\n${q}`, { model: fakeLogitsModel(table) });
    expect(beam.results.map((r) => r.variables.X)).toEqual([" a", " b c d"]);
    const bestK = await run(`best_k(k=2)\n${q}`, { model: fakeLogitsModel(table) });
    expect(bestK.results.map((r) => r.variables.X)).toEqual([" b c d", " a"]);
  });

  it("reports each result's events after the search, tagged with its index", async () => {
    const events: RunEvent[] = [];
    const r = await run(`beam(n=2)\n${TWO_HOLES}`, { model: fakeLogitsModel(GARDEN), onEvent: (e) => events.push(e) });
    const textOf = (i: number): string => events.filter((e) => e.type === "text" && e.result === i).map((e) => (e as { text: string }).text).join("");
    expect(textOf(0)).toBe(r.results[0]!.prompt);
    expect(textOf(1)).toBe(r.results[1]!.prompt);
    // Each result's events come together, in result order.
    const order = events.filter((e) => e.type === "text").map((e) => (e as { result: number }).result);
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it("a branch whose value fails a check made after decoding is dropped", async () => {
    // `X != " b"` is checked on the finished value only when it cannot be masked; either way no
    // result holds " b".
    const r = await run(`beam(n=2)\n"Q:[X]" where X in [" a", " b"] and X != " b"\n`, { model: fakeLogitsModel(GARDEN) });
    expect(r.results.map((x) => x.variables.X)).toEqual([" a"]);
  });
});

describe("sample(n)", () => {
  const UNIFORM: Table = (text) => (text.endsWith(": ") ? { a: 0, b: 0, c: 0 } : {});
  const q = `sample(n=8, seed=3)\n"Q:[X]" where X in [" a", " b", " c"]\n" R:[Y]" where Y in [" a", " b", " c"]\n`;

  it("returns n results of the whole program, repeatably with a seed, from one shared prompt", async () => {
    const model = fakeLogitsModel(UNIFORM);
    const a = await run(q, { model });
    expect(a.results).toHaveLength(8);
    const values = a.results.map((r) => `${r.variables.X as string}|${r.variables.Y as string}`);
    expect(new Set(values).size).toBeGreaterThan(2);
    const b = await run(q, { model: fakeLogitsModel(UNIFORM) });
    expect(b.results.map((r) => r.variables)).toEqual(a.results.map((r) => r.variables));
    // Eight runs from scratch would feed the first prompt eight times.
    expect(model.fed.tokens).toBeLessThan(8 * model.encode("Q: a R: a").length);
  });
});

describe("penalties over the tokens generated in the run", () => {
  const table: Table = (text) => (text.endsWith(" ") ? { a: 1, b: 0.8 } : {});
  const q = (clause: string): string => `${clause}\n"Q:[X]" where X in [" a", " b"]\n"[Y]" where Y in [" a", " b"]\n`;
  const second = async (clause: string): Promise<unknown> => (await run(q(clause), { model: fakeLogitsModel(table) })).results[0]!.variables.Y;

  it("repetition_penalty divides a repeated token's positive logit (HF)", async () => {
    expect(await second("argmax")).toBe(" a");
    expect(await second("argmax(repetition_penalty=2.0)")).toBe(" b");
    expect(await second("argmax(repetition_penalty=1.1)")).toBe(" a");
  });

  it("frequency_penalty and presence_penalty subtract from a repeated token's logit (OpenAI)", async () => {
    expect(await second("argmax(frequency_penalty=0.5)")).toBe(" b");
    expect(await second("argmax(presence_penalty=0.3)")).toBe(" b");
    expect(await second("argmax(presence_penalty=0.1)")).toBe(" a");
  });

  it("apply to beam search too", async () => {
    const r = await run(q("beam(n=1, repetition_penalty=2.0)"), { model: fakeLogitsModel(table) });
    expect(r.results[0]!.variables).toEqual({ X: " a", Y: " b" });
  });
});

describe("decoder arguments", () => {
  it("max_len counts the prompt and the generated tokens together", async () => {
    const model = fakeLogitsModel(() => ({ " a": 1 }));
    const prompt = model.encode("Q:").length;
    const r = await run(`argmax(max_len=${prompt + 3})\n"Q:[X]"\n`, { model });
    expect(r.results[0]!.variables.X).toBe(" a a a");
    expect(await codes(run(`argmax(max_len=${prompt + 2})\n"Q:[X]" where X in [" a a a"]\n`, { model: fakeLogitsModel(() => ({ " a": 1 })) }))).toContain("E814");
  });

  it("LMQL options without effect come back as W245 warnings", async () => {
    const r = await run(`argmax(verbose=True, chunksize=4)\n"Q:[X]" where X in [" a"]\n`, { model: fakeLogitsModel(GARDEN) });
    expect(r.warnings.map((w) => w.code)).toEqual(["W245", "W245"]);
  });

  it("beam defaults to LMQL's n=4; a query without holes runs once", async () => {
    const table: Table = (text) => (text.endsWith("Q: ") ? { a: -1, b: 0, c: 1, d: 2, e: 3 } : {});
    const r = await run(`beam\n"Q:[X]" where X in [" a", " b", " c", " d", " e"]\n`, { model: fakeLogitsModel(table) });
    expect(r.results.map((x) => x.variables.X)).toEqual([" e", " d", " c", " b"]);
    const once = await run(`sample(n=5)\n"no holes"\nreturn 1\n`, { model: fakeLogitsModel(table) });
    expect(once.results).toHaveLength(1);
    expect(once.results[0]!.returned).toBe(1);
  });

  it("rejects LMQL's decoders that do not run here, never mapping them onto another", async () => {
    for (const d of ["beam_sample(n=2)", "var(b=2)", "beam_var(n=2)"]) expect(await codes(run(`${d}\n"Q:[X]"\n`, { model: fakeLogitsModel(GARDEN) }))).toContain("E244");
  });
});
