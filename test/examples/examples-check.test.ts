/** Every query in examples/ checks clean; only the one input example reads an undefined name. */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/check/check-source.js";

const DIR = join(import.meta.dirname, "..", "..", "examples");
const files = readdirSync(DIR).filter((f) => f.endsWith(".lmql")).sort();
/** The example that demonstrates `--arg`; it says so in a comment. */
const INPUT_EXAMPLE = "topic-input.lmql";

describe("examples/", () => {
  it("holds at least 15 queries, hello.lmql among them", () => {
    expect(files.length).toBeGreaterThanOrEqual(15);
    expect(files).toContain("hello.lmql");
  });

  for (const file of files) {
    it(`${file} checks clean`, () => {
      const text = readFileSync(join(DIR, file), "utf8");
      const { value, diagnostics } = checkSource({ name: `examples/${file}`, text });
      expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      if (file === INPUT_EXAMPLE) {
        expect(value.inputs).toEqual(["topic"]);
        expect(text).toContain("--arg topic=");
      } else {
        expect(value.inputs).toEqual([]);
        expect(diagnostics).toEqual([]);
      }
    });
  }
});
