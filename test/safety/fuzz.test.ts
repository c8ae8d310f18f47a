/**
 * Fuzzing seeded from the safety corpus: each corpus query, mutated with hostile fragments, still
 * ends with a result or a located LmqlError, never with a JS exception, within small limits.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/api/compile.js";
import { run } from "../../src/api/run.js";
import { LmqlError } from "../../src/diagnostics/diagnostic.js";
import { scriptedModel } from "../../src/testing/scripted-model.js";
import { corpusCases } from "./corpus.js";

const FRAGMENTS = [
  `a = [1]\na.append(a)\n`,
  `"{a == [a]} [B]"\n`,
  `a = [a, a]\n`,
  `x = "<|system|>" * 3\n`,
  `"{x} <|endoftext|> [__proto__]"\n`,
  `"\x1b[2J\x9b31m"\n`,
  `for i in range(10**9):\n    pass\n`,
  `while True:\n    pass\n`,
  `s = "\\t" * 100000\ns = s.expandtabs(10**6)\n`,
  `d = {"__proto__": {"isAdmin": True}}\nreturn d\n`,
  `sample(temperature=1 - 1, top_p=0)\n`,
  `z = [[j for j in range(10**6)] for i in range(10**6)]\n`,
  `r = any(i < 0 for i in range(10**15))\n`,
  `t = "a" * 10**6\nt = t.replace("a", t)\n`,
];

const cases = corpusCases().filter((c) => !c.text.includes("# host:"));

const mutated = fc
  .record({
    seed: fc.constantFrom(...cases),
    line: fc.nat(),
    fragment: fc.constantFrom(...FRAGMENTS),
    cut: fc.option(fc.tuple(fc.nat(), fc.nat({ max: 12 })), { nil: undefined }),
  })
  .map(({ seed, line, fragment, cut }) => {
    const lines = seed.text.split("\n");
    const at = line % (lines.length + 1);
    let text = [...lines.slice(0, at), fragment, ...lines.slice(at)].join("\n");
    if (cut !== undefined) text = text.slice(0, cut[0] % (text.length + 1)) + text.slice((cut[0] % (text.length + 1)) + cut[1]);
    return { text, seed };
  });

describe("fuzzing seeded from the safety corpus", () => {
  it("compiles every mutation to a query or diagnostics", () => {
    fc.assert(
      fc.property(mutated, ({ text }) => {
        const r = compile({ name: "<fuzz>", text });
        expect(["ok", "error"]).toContain(r.kind);
      }),
      { numRuns: 200, seed: 9 },
    );
  });

  it("runs every mutation to a result or a located LmqlError", async () => {
    await fc.assert(
      fc.asyncProperty(mutated, async ({ text, seed }) => {
        try {
          const r = await run({ name: "<fuzz>", text }, { model: scriptedModel(() => "ok"), args: seed.args, maxSteps: 20_000, timeoutMs: 3_000 });
          for (const result of r.results) expect(Object.getPrototypeOf(result.variables)).toBeNull();
        } catch (e) {
          if (!(e instanceof LmqlError)) throw e;
          expect(e.diagnostics.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 40, seed: 9 },
    );
  }, 120_000);
});
