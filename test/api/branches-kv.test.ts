/** Branching decoders on a real model: the branches share the prompt's KV cache. */
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../../src/api/run.js";
import { loadTransformersModel } from "../../src/models/transformers.js";
import type { LogitsModel, ModelSession } from "../../src/models/model.js";

const PREAMBLE = "The following is a list of questions about the capitals of European countries, each answered with the name of a city.\n".repeat(4);
const QUERY = (decoder: string): string => `${decoder}\n"${PREAMBLE.replaceAll("\n", "\\n")}Q: What is the capital of France?\\nA:[CITY]" where CITY in [" Paris", " Lyon", " Nice"]\n"\\nQ: And of Italy?\\nA:[OTHER]" where OTHER in [" Rome", " Milan"]\n`;

let model: LogitsModel;
beforeAll(async () => {
  model = await loadTransformersModel("local:micro-lm");
});

/** The model, counting the tokens fed by every session it creates (forks share their root's stats). */
function counting(): { model: LogitsModel; fed: () => number } {
  const roots: ModelSession[] = [];
  const createSession = async (): Promise<ModelSession> => {
    const s = await model.createSession();
    roots.push(s);
    return s;
  };
  const wrapped = new Proxy(model, {
    get(target, key) {
      if (key === "createSession") return createSession;
      const v: unknown = Reflect.get(target, key, target);
      return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return { model: wrapped, fed: () => roots.reduce((n, s) => n + s.stats.tokensFed, 0) };
}

describe("branching on micro-lm", () => {
  const promptTokens = (): number => model.encode(PREAMBLE + "Q: What is the capital of France?\nA:").length;

  it("beam(n=3) returns 3 whole-program results and feeds the long prompt once", async () => {
    const { model: m, fed } = counting();
    const r = await run(QUERY("beam(n=3)"), { model: m });
    expect(r.results).toHaveLength(3);
    for (const x of r.results) {
      expect([" Paris", " Lyon", " Nice"]).toContain(x.variables.CITY);
      expect([" Rome", " Milan"]).toContain(x.variables.OTHER);
    }
    expect(new Set(r.results.map((x) => JSON.stringify(x.variables))).size).toBe(3);
    // Opening a session per branch would feed the prompt at least once per result.
    expect(fed()).toBeGreaterThan(promptTokens());
    expect(fed()).toBeLessThan(2 * promptTokens());
  });

  it("sample(n=4) draws from one shared prefix", async () => {
    const { model: m, fed } = counting();
    const r = await run(QUERY("sample(n=4, seed=5)"), { model: m });
    expect(r.results).toHaveLength(4);
    expect(fed()).toBeLessThan(2 * promptTokens());
  });
});
