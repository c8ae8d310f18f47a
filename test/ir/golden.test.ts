/**
 * Golden IR: every conformance case lowered and printed (examples/ belongs to the front end and
 * changes under it). Regenerate with `UPDATE_GOLDEN=1 npx vitest run test/ir` and review the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lower } from "../../src/ir/lower.js";
import { printProgram } from "../../src/ir/print.js";
import { checkSource } from "../../src/check/check-source.js";

const ROOT = join(import.meta.dirname, "..", "..");
const GOLDEN = join(import.meta.dirname, "golden");
const SOURCES = [join(ROOT, "test", "conformance", "cases")];
const update = process.env.UPDATE_GOLDEN !== undefined;

describe("golden IR", () => {
  for (const dir of SOURCES) {
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".lmql")).sort()) {
      const name = file.replace(/\.lmql$/, ".ir");
      it(name, () => {
        const text = readFileSync(join(dir, file), "utf8");
        const printed = printProgram(lower(checkSource({ name: file, text }).value).value, text);
        const path = join(GOLDEN, name);
        if (update || !existsSync(path)) writeFileSync(path, printed);
        expect(printed).toBe(readFileSync(path, "utf8"));
      });
    }
  }
});
