/**
 * Golden tests: each test/golden/check/NAME.lmql (a query with deliberate mistakes) is parsed,
 * checked and rendered; the text must equal NAME.expected. `UPDATE_GOLDEN=1` rewrites the files,
 * to be reviewed as a diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkSource } from "../../src/check/check-source.js";
import { renderDiagnostics } from "../../src/diagnostics/render.js";

const DIR = join(import.meta.dirname, "..", "golden", "check");
const update = process.env.UPDATE_GOLDEN === "1";

function render(file: string): string {
  const source = { name: `test/golden/check/${file}`, text: readFileSync(join(DIR, file), "utf8") };
  const { value, diagnostics } = checkSource(source);
  return `${renderDiagnostics(diagnostics, source)}\n\ninputs: ${JSON.stringify(value.inputs)}\n`;
}

describe("rendered check diagnostics", () => {
  const inputs = readdirSync(DIR).filter((f) => f.endsWith(".lmql")).sort();

  it("has golden inputs", () => {
    expect(inputs.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of inputs) {
    it(file, () => {
      const expectedFile = join(DIR, file.replace(/\.lmql$/, ".expected"));
      const actual = render(file);
      if (update) writeFileSync(expectedFile, actual);
      expect(existsSync(expectedFile), `${expectedFile} missing: run with UPDATE_GOLDEN=1`).toBe(true);
      expect(actual).toBe(readFileSync(expectedFile, "utf8"));
    });
  }
});
