/**
 * Runs every hostile query of the corpus on the scripted model: each ends as its header says,
 * with a located diagnostic or a checked result, never with a JS exception.
 */
import { describe, expect, it } from "vitest";
import { run } from "../../src/api/run.js";
import type { RunOptions, RunResult } from "../../src/api/result.js";
import { LmqlError } from "../../src/diagnostics/diagnostic.js";
import { fromJs, pyRepr } from "../../src/runtime/eval/index.js";
import { scriptedModel } from "../../src/testing/scripted-model.js";
import { holds } from "../conformance/expectations.js";
import { corpusCases } from "./corpus.js";

describe("safety corpus", () => {
  const cases = corpusCases();
  it("has the hostile inputs", () => expect(cases.length).toBeGreaterThanOrEqual(20));
  for (const c of cases) {
    it(c.file, async () => {
      expect(c.expects.length > 0 || c.error !== undefined, "a case needs # expect or # error").toBe(true);
      const options: RunOptions = { model: scriptedModel(c.replies), args: c.args, timeoutMs: 20_000, ...c.options };
      let result: RunResult;
      try {
        result = await run({ name: c.file, text: c.text }, options);
      } catch (e) {
        if (!(e instanceof LmqlError)) throw e;
        expect(e.diagnostics.map((d) => `${d.code} ${d.message}`).join("\n")).toContain(c.error ?? "(no error expected)");
        for (const d of e.diagnostics) expect(d.span.end, "the diagnostic points into the query").toBeGreaterThan(0);
        return;
      }
      expect(c.error, `expected error ${c.error}, got ${JSON.stringify(result.results[0]?.prompt)}`).toBeUndefined();
      for (const expr of c.expects) {
        expect(await holds(expr, result), `${expr}\n  with ${pyRepr(fromJs(result.results[0]!.variables))}, prompt ${JSON.stringify(result.results[0]!.prompt)}`).toBe(true);
      }
    }, 30_000);
  }
});
