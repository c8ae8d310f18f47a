import { describe, expect, it } from "vitest";
import { LmqlError } from "../../src/diagnostics/diagnostic.js";
import { compile } from "../../src/api/compile.js";
import { loadModel } from "../../src/api/model-cache.js";
import { run } from "../../src/api/run.js";
import type { RunEvent } from "../../src/runtime/run-events.js";

const MODEL = "local:micro-lm";

async function runError(query: string, options: Parameters<typeof run>[1] = {}): Promise<LmqlError> {
  try {
    await run(query, { model: MODEL, ...options });
  } catch (e) {
    if (e instanceof LmqlError) return e;
    throw e;
  }
  throw new Error("expected the run to fail");
}

describe("run() on micro-lm", () => {
  it("decodes under the constraints and reports the result shape", async () => {
    const model = await loadModel(MODEL);
    const r = await run(`"Q: What is the capital of France?\\nA: [ANSWER]" where STOPS_AT(ANSWER, "\\n") and len(TOKENS(ANSWER)) < 6`, { model: MODEL });
    expect(r.model).toBe(MODEL);
    expect(r.results).toHaveLength(1);
    const answer = r.results[0]!.variables.ANSWER as string;
    expect(typeof answer).toBe("string");
    expect(model.encode(answer).length).toBeLessThan(6);
    const cut = answer.indexOf("\n");
    expect(cut === -1 || cut === answer.length - 1).toBe(true);
    expect(r.results[0]!.prompt).toBe(`Q: What is the capital of France?\nA: ${answer}`);
    expect(r.stats.tokens).toBeGreaterThan(0);
    expect(r.stats.forwardPasses).toBeGreaterThan(0);
    expect(r.results[0]!.distribution).toBeNull();
    expect(r.results[0]!.returned).toBeNull();
  });

  it("enforces choices and casts typed holes", async () => {
    const r = await run(`"Colour: [C]\\n" where C in ["red", "green", "blue"]\n"Count: [N: int]" where len(TOKENS(N)) < 4\nreturn N + 1`, { model: MODEL });
    const v = r.results[0]!.variables;
    expect(["red", "green", "blue"]).toContain(v.C);
    expect(Number.isInteger(v.N)).toBe(true);
    expect(r.results[0]!.returned).toBe((v.N as number) + 1);
  });

  it("streams text events that add up to the prompt", async () => {
    const events: RunEvent[] = [];
    const r = await run(`"Hello, [NAME]!" where len(TOKENS(NAME)) < 4`, { model: MODEL, onEvent: (e) => events.push(e) });
    const text = events.map((e) => (e.type === "text" ? e.text : "")).join("");
    expect(text).toBe(r.results[0]!.prompt);
    expect(events.some((e) => e.type === "hole-start" && e.variable === "NAME")).toBe(true);
  });

  it("returns n results for sample(n) and repeats them for the same seed", async () => {
    const q = `sample(n=3, temperature=1.2)\n"Say: [X]" where len(TOKENS(X)) < 5`;
    const a = await run(q, { model: MODEL, seed: 11 });
    const b = await run(q, { model: MODEL, seed: 11 });
    expect(a.results).toHaveLength(3);
    expect(a.results.map((r) => r.variables.X)).toEqual(b.results.map((r) => r.variables.X));
  });

  it("gives a distribution over the options that sums to one, the variable its argmax", async () => {
    const r = await run(`"The sky is [C]" distribution C in ["blue", "green", "loud"]`, { model: MODEL });
    const dist = r.results[0]!.distribution!.C!;
    const total = Object.values(dist).reduce((s, p) => s + p, 0);
    expect(total).toBeCloseTo(1, 6);
    const best = Object.entries(dist).sort((x, y) => y[1] - x[1])[0]![0];
    expect(r.results[0]!.variables.C).toBe(best);
    expect(r.results[0]!.prompt).toBe(`The sky is ${best}`);
  });

  it("binds args and host functions", async () => {
    const r = await run(`def shout(s): ...\n"{shout(country)}: [A]" where len(TOKENS(A)) < 3`, { model: MODEL, args: { country: "France" }, hostFunctions: { shout: (s: string) => s.toUpperCase() } });
    expect(r.results[0]!.prompt.startsWith("FRANCE: ")).toBe(true);
  });

  it("names a missing input", async () => {
    const src = `"Capital of {country}? [A]"`;
    const e = await runError(src);
    expect(e.diagnostics.map((d) => d.code)).toEqual(["E301"]);
    expect(e.diagnostics[0]!.message).toContain("'country'");
    expect(src.slice(e.diagnostics[0]!.span.start)).toMatch(/^country/);
  });

  it("throws parse and check errors as located diagnostics", async () => {
    const e = await runError(`"[A]" where STOPS_AT(B, "x")`);
    expect(e.diagnostics.length).toBeGreaterThan(0);
    expect(e.diagnostics.every((d) => d.severity === "error")).toBe(true);
    expect(e.source?.text).toContain("STOPS_AT");
  });

  it("reports an unknown model as a diagnostic, not a stack trace", async () => {
    const e = await runError(`"[A]"`, { model: "local:no-such-model" });
    expect(e.diagnostics[0]!.code).toBe("E801");
  });

  it("reports runtime errors with their location", async () => {
    const src = `x = [1, 2]\n"{x[5]}"`;
    const e = await runError(src);
    expect(e.diagnostics[0]!.code).toBe("E704");
    expect(src.slice(e.diagnostics[0]!.span.start, e.diagnostics[0]!.span.end)).toBe("x[5]");
  });

  it("loads a model once per process", async () => {
    expect(await loadModel("micro-lm")).toBe(await loadModel(MODEL));
  });

  it("compiles to a query with its inputs, or to diagnostics", () => {
    const ok = compile(`"Hi {who}: [A]"`);
    expect(ok.kind === "ok" && ok.query.inputs).toEqual(["who"]);
    const bad = compile(`"[A" where`);
    expect(bad.kind).toBe("error");
  });
});
