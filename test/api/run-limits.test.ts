import { describe, expect, it } from "vitest";
import { run } from "../../src/api/run.js";
import { LmqlError } from "../../src/diagnostics/diagnostic.js";
import { scriptedModel } from "../../src/testing/scripted-model.js";

async function failure(query: string, options: Parameters<typeof run>[1]): Promise<LmqlError> {
  try {
    await run(query, options);
  } catch (e) {
    if (e instanceof LmqlError) return e;
    throw e;
  }
  throw new Error("expected the run to fail");
}

describe("limits and decoding failures on the scripted model", () => {
  it("reports a prompt that outgrows the model's context at the hole", async () => {
    const src = `"${"word ".repeat(40)}[A]"`;
    const e = await failure(src, { model: scriptedModel(["x"], { contextLength: 16 }) });
    expect(e.diagnostics[0]!.code).toBe("E811");
    expect(src.slice(e.diagnostics[0]!.span.start, e.diagnostics[0]!.span.end)).toBe("[A]");
  });

  it("names the hole when no token can satisfy its constraint", async () => {
    const src = `options = []\n"Pick: [A]" where A in options`;
    const e = await failure(src, { model: scriptedModel(["x"]) });
    expect(e.diagnostics[0]!.code).toBe("E810");
    expect(e.diagnostics[0]!.message).toContain("A");
  });

  it("reports a regex from a program value that cannot compile, at the hole", async () => {
    const src = `pattern = "("\n"Say: [A]" where REGEX(A, pattern)`;
    const e = await failure(src, { model: scriptedModel(["x"]) });
    expect(e.diagnostics[0]!.code).toBe("E309");
    expect(src.slice(e.diagnostics[0]!.span.start, e.diagnostics[0]!.span.end)).toBe("[A]");
  });

  it("caps each hole at maxTokensPerHole and the run at maxTokens", async () => {
    const long = "one two three four five six seven eight nine ten eleven twelve";
    const capped = await run(`"Say: [A]"`, { model: scriptedModel([long]), maxTokensPerHole: 3 });
    expect(capped.stats.tokens).toBe(3);
    const e = await failure(`"Say: [A] [B]"`, { model: scriptedModel([long, long]), maxTokensPerHole: 3, maxTokens: 3 });
    expect(e.diagnostics[0]!.code).toBe("E303");
  });

  it("stops a loop at maxIterations", async () => {
    const e = await failure(`i = 0\nwhile i < 100:\n    i += 1`, { model: scriptedModel([]), maxIterations: 10 });
    expect(e.diagnostics[0]!.code).toBe("E305");
  });

  it("answers input() through the input option, and raises without it", async () => {
    const r = await run(`name = input("Name? ")\n"Hi {name}"`, { model: scriptedModel([]), input: async (p) => `Ann (asked ${p})` });
    expect(r.results[0]!.prompt).toBe("Hi Ann (asked Name? )");
    const e = await failure(`name = input("Name? ")`, { model: scriptedModel([]) });
    expect(e.diagnostics[0]!.code).toBe("E714");
  });

  it("takes the decoder clause's arguments, and lets the caller override them", async () => {
    const q = `sample(n=2)\n"[A]" where A in ["x", "y"]`;
    expect((await run(q, { model: scriptedModel(() => "x"), seed: 1 })).results).toHaveLength(2);
    expect((await run(q, { model: scriptedModel(() => "x"), n: 3, seed: 1 })).results).toHaveLength(3);
    expect((await run(q, { model: scriptedModel(() => "x"), decoder: "argmax" })).results).toHaveLength(1);
  });
});
