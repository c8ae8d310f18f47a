/**
 * The language spec as annotated `.lmql` files, run by this one runner on the scripted model.
 * Header comments: `# reply: "json string"` (one per hole, in decoding order), `# arg: name = json`,
 * `# expect: python-expr` (true of the result: variables, `prompt`, `returned`, `P` = the
 * distribution, `variables` = all variables as a dict), or `# error: CODE` (the run fails with
 * that diagnostic code). Several results
 * (beam, best_k, sample): `# results: N` (exactly N), and `results` in expectations is the list of
 * all results' variables; `did_return` tells a bare `return` from none; `warnings` lists the codes
 * of the run's warnings.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/api/run.js";
import type { RunResult } from "../../src/api/result.js";
import { LmqlError } from "../../src/diagnostics/diagnostic.js";
import { fromJs, pyRepr } from "../../src/runtime/eval/index.js";
import { scriptedModel } from "../../src/testing/scripted-model.js";
import { holds } from "./expectations.js";

const CASES = join(import.meta.dirname, "cases");

interface Case {
  readonly replies: string[];
  readonly args: Record<string, unknown>;
  readonly expects: string[];
  readonly error: string | undefined;
  readonly results: number | undefined;
}

function header(text: string): Case {
  const c: Case = { replies: [], args: {}, expects: [], error: undefined, results: undefined };
  let error: string | undefined;
  let results: number | undefined;
  for (const line of text.split("\n")) {
    const m = /^# (reply|arg|expect|error|results): (.*)$/.exec(line);
    if (m === null) continue;
    const [, key, rest] = m as unknown as [string, string, string];
    if (key === "reply") c.replies.push(JSON.parse(rest) as string);
    else if (key === "expect") c.expects.push(rest);
    else if (key === "error") error = rest.trim();
    else if (key === "results") results = Number(rest);
    else {
      const eq = rest.indexOf("=");
      c.args[rest.slice(0, eq).trim()] = JSON.parse(rest.slice(eq + 1));
    }
  }
  return { ...c, error, results };
}

describe("conformance", () => {
  const files = readdirSync(CASES).filter((f) => f.endsWith(".lmql")).sort();
  it("has cases", () => expect(files.length).toBeGreaterThanOrEqual(15));
  for (const file of files) {
    it(file, async () => {
      const text = readFileSync(join(CASES, file), "utf8");
      const c = header(text);
      expect(c.expects.length > 0 || c.error !== undefined, "a case needs # expect or # error").toBe(true);
      const model = scriptedModel(c.replies);
      let result: RunResult;
      try {
        result = await run({ name: file, text }, { model, args: c.args });
      } catch (e) {
        if (!(e instanceof LmqlError) || c.error === undefined) throw e;
        expect(e.diagnostics.map((d) => d.code)).toContain(c.error);
        return;
      }
      expect(c.error, `expected error ${c.error}, got ${JSON.stringify(result.results[0], (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v))}`).toBeUndefined();
      if (c.results !== undefined) expect(result.results.length, pyRepr(fromJs(result.results.map((r) => r.variables)))).toBe(c.results);
      for (const expr of c.expects) {
        expect(await holds(expr, result), `${expr}\n  with ${pyRepr(fromJs(result.results.map((r) => r.variables)))}, prompt ${JSON.stringify(result.results[0]!.prompt)}`).toBe(true);
      }
    });
  }
});
