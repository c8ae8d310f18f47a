/**
 * Every query in examples/ runs on the bundled tiny-lm, and every decoded value satisfies the
 * constraint it was decoded under, checked independently by the mask engine's `valueComplete`.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compile } from "../../src/api/compile.js";
import { loadModel, vocabularyOf } from "../../src/api/model-cache.js";
import { run } from "../../src/api/run.js";
import { compileConstraint } from "../../src/constraints/compile.js";
import type { RunEvent } from "../../src/runtime/run-events.js";

const EXAMPLES = join(import.meta.dirname, "..", "..", "examples");
const files = readdirSync(EXAMPLES).filter((f) => f.endsWith(".lmql")).sort();

describe("examples run on tiny-lm", () => {
  it("has examples, hello.lmql among them", () => {
    expect(files).toContain("hello.lmql");
  });

  for (const file of files) {
    it(file, async () => {
      const text = readFileSync(join(EXAMPLES, file), "utf8");
      const compiled = compile({ name: file, text });
      if (compiled.kind === "error") throw new Error(`${file} does not compile: ${compiled.diagnostics.map((d) => d.message).join("; ")}`);
      const args = Object.fromEntries(compiled.query.inputs.map((name) => [name, "volcanoes"]));
      const events: RunEvent[] = [];
      const result = await run(compiled.query, { args, seed: 1, onEvent: (e) => events.push(e) });
      expect(result.model).toBe("local:tiny-lm");
      expect(result.results.length).toBeGreaterThanOrEqual(1);
      const vocabulary = vocabularyOf(await loadModel("local:tiny-lm"));
      let checked = 0;
      for (const e of events) {
        if (e.type !== "hole-end" || e.spec === undefined || e.text === undefined) continue;
        const verdict = compileConstraint(e.spec, vocabulary).valueComplete(e.text);
        expect(verdict, `${e.variable} = ${JSON.stringify(e.text)} under ${JSON.stringify(e.spec)}`).toEqual({ ok: true });
        checked++;
      }
      for (const r of result.results) {
        for (const [name, dist] of Object.entries(r.distribution ?? {})) {
          expect(Object.values(dist).reduce((s, p) => s + p, 0)).toBeCloseTo(1, 6);
          expect(Object.keys(dist)).toContain(r.variables[name]);
        }
        const index = result.results.indexOf(r);
        // Text and role events append; a rewrite replaces the tail (post-processed values, unwinding).
        let streamed = "";
        for (const e of events) {
          if ((e.type === "text" || e.type === "role") && e.result === index) streamed += e.text;
          if (e.type === "rewrite" && e.result === index) streamed = streamed.slice(0, e.at) + e.text;
        }
        expect(streamed).toBe(r.prompt);
      }
      expect(checked + Object.keys(result.results[0]!.distribution ?? {}).length).toBeGreaterThan(0);
    });
  }
});
