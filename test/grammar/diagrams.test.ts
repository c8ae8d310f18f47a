import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  assetsDir,
  chevrotainDiagramsDir,
  chevrotainLicensePath,
  DIAGRAM_ASSETS,
  diagramsHtmlPath,
  renderDiagramsHtml,
} from "../../scripts/grammar/diagrams.js";
import { serializedGrammar } from "../../src/syntax/parser.js";

const committed = readFileSync(diagramsHtmlPath, "utf8");

describe("grammar/diagrams.html", () => {
  it("is up to date with the parser (regenerate: npx tsx scripts/grammar/generate-diagrams.ts)", () => {
    expect(committed).toBe(renderDiagramsHtml());
  });

  it("draws every parser rule, starting with query", () => {
    const embedded = /window\.serializedGrammar = ([\s\S]*?);\n<\/script>/.exec(committed);
    expect(embedded).not.toBeNull();
    const rules = JSON.parse(embedded![1]!) as { name: string }[];
    expect(rules[0]!.name).toBe("query");
    expect(rules.map((r) => r.name).sort()).toEqual(serializedGrammar().map((r) => (r as typeof r & { name: string }).name).sort());
  });

  it("loads only local resources, so it renders offline", () => {
    const sources = [...committed.matchAll(/(?:src|href)='([^']*)'/g)].map((m) => m[1]!);
    expect(sources.length).toBe(DIAGRAM_ASSETS.length);
    expect(sources.filter((s) => !s.startsWith("./diagrams/"))).toEqual([]);
    expect(sources.map((s) => s.slice("./diagrams/".length)).sort()).toEqual([...DIAGRAM_ASSETS].sort());
  });

  it("ships chevrotain's diagram scripts unchanged, with chevrotain's licence", () => {
    for (const asset of DIAGRAM_ASSETS) {
      expect(readFileSync(join(assetsDir, asset), "utf8"), asset).toBe(readFileSync(join(chevrotainDiagramsDir(), asset), "utf8"));
    }
    expect(readFileSync(join(assetsDir, "LICENSE-chevrotain.txt"), "utf8")).toBe(readFileSync(chevrotainLicensePath(), "utf8"));
    expect(readFileSync(join(assetsDir, "vendor/railroad-diagrams.js"), "utf8")).toMatch(/licensed under CC0/);
  });
});
