/** Property: parsing and checking never throws, whatever the text (mutated examples, random text). */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/check/check-source.js";

const DIR = join(import.meta.dirname, "..", "..", "examples");
const examples = readdirSync(DIR).filter((f) => f.endsWith(".lmql")).map((f) => readFileSync(join(DIR, f), "utf8"));

/** Applies edits (delete / insert / replace a slice) to a text. */
const edit = fc.record({ at: fc.nat(), length: fc.nat({ max: 6 }), insert: fc.string({ maxLength: 6, unit: fc.constantFrom(..."[]{}()\"':=\\\n \tXa1_.,<>!#@r") }) });

function applyEdits(text: string, edits: readonly { at: number; length: number; insert: string }[]): string {
  let out = text;
  for (const e of edits) {
    const at = e.at % (out.length + 1);
    out = out.slice(0, at) + e.insert + out.slice(at + e.length);
  }
  return out;
}

describe("checkSource never throws", () => {
  it("on mutated examples", () => {
    fc.assert(
      fc.property(fc.constantFrom(...examples), fc.array(edit, { minLength: 1, maxLength: 4 }), (text, edits) => {
        const { diagnostics } = checkSource({ name: "mutated.lmql", text: applyEdits(text, edits) });
        for (const d of diagnostics) expect(d.span.start).toBeLessThanOrEqual(d.span.end);
      }),
      { numRuns: 300 },
    );
  });

  it("on random text", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        checkSource({ name: "random.lmql", text });
      }),
      { numRuns: 300 },
    );
  });
});
