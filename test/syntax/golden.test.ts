/**
 * Golden parse tests: each test/golden/parse/NAME.lmql has NAME.ast.json (the AST, spans written as
 * "start-end") and NAME.diagnostics.txt (rendered diagnostics). `UPDATE_GOLDEN=1` rewrites them;
 * review the diff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderDiagnostics } from "../../src/diagnostics/render.js";
import { parse } from "../../src/syntax/parse.js";

const dir = join(dirname(fileURLToPath(import.meta.url)), "..", "golden", "parse");
const update = process.env["UPDATE_GOLDEN"] === "1";

function astJson(value: unknown): string {
  const compact = (_key: string, v: unknown): unknown => {
    if (v !== null && typeof v === "object" && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 2 && keys[0] === "start" && keys[1] === "end") {
        const s = v as { start: number; end: number };
        return `${s.start}-${s.end}`;
      }
    }
    return v;
  };
  return JSON.stringify(value, compact, 2) + "\n";
}

function check(path: string, actual: string): void {
  if (update || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, "utf8"));
}

describe("golden parse files", () => {
  const inputs = readdirSync(dir).filter((f) => f.endsWith(".lmql")).sort();

  it("has inputs", () => {
    expect(inputs.length).toBeGreaterThanOrEqual(10);
  });

  for (const file of inputs) {
    it(file, () => {
      const text = readFileSync(join(dir, file), "utf8");
      const source = { name: `test/golden/parse/${file}`, text };
      const result = parse(source);
      const base = join(dir, file.replace(/\.lmql$/, ""));
      check(`${base}.ast.json`, astJson(result.value));
      const rendered = result.diagnostics.length === 0 ? "no diagnostics\n" : renderDiagnostics(result.diagnostics, source) + "\n";
      check(`${base}.diagnostics.txt`, rendered);
    });
  }
});
