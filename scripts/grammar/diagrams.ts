/**
 * Railroad syntax diagrams of the Chevrotain grammar, as one HTML page that works offline: the
 * diagram scripts chevrotain ships (node_modules/chevrotain/diagrams/, Apache-2.0; the vendored
 * railroad-diagrams.js is CC0) are copied unchanged into grammar/diagrams/ next to their licence.
 */
import { createSyntaxDiagramsCode, type ISerializedGast } from "chevrotain";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { serializedGrammar } from "../../src/syntax/parser.js";

export const grammarDir = fileURLToPath(new URL("../../grammar/", import.meta.url));
export const diagramsHtmlPath = join(grammarDir, "diagrams.html");
export const assetsDir = join(grammarDir, "diagrams");

/** Files copied from chevrotain's package, relative to both its diagrams/ folder and ours. */
export const DIAGRAM_ASSETS = [
  "diagrams.css",
  "vendor/railroad-diagrams.js",
  "src/diagrams_builder.js",
  "src/diagrams_behavior.js",
  "src/main.js",
] as const;

/** chevrotain's package folder: its `exports` hide package.json, so walk up from its entry point. */
function chevrotainPackageDir(): string {
  let dir = dirname(createRequire(import.meta.url).resolve("chevrotain"));
  while (!existsSync(join(dir, "package.json")) || !existsSync(join(dir, "diagrams"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("chevrotain's diagrams folder not found");
    dir = parent;
  }
  return dir;
}

/** chevrotain's own folder of diagram assets. */
export function chevrotainDiagramsDir(): string {
  return join(chevrotainPackageDir(), "diagrams");
}

export function chevrotainLicensePath(): string {
  return join(chevrotainPackageDir(), "LICENSE.txt");
}

/** The exact text of grammar/diagrams.html. */
export function renderDiagramsHtml(): string {
  const page = createSyntaxDiagramsCode(readingOrder(serializedGrammar()), {
    resourceBase: "./diagrams/",
    css: "./diagrams/diagrams.css",
  });
  const head = [
    "<title>lmql-ts syntax diagrams</title>",
    "<!-- Generated from the parser by scripts/grammar/generate-diagrams.ts; do not edit. -->",
    "",
  ].join("\n");
  const html = page
    .replace("<!-- This is a generated file -->", "")
    .replace('<meta charset="utf-8">\n', (m) => m + head)
    .replace(/[ \t]+$/gm, "")
    .trimStart();
  return html.endsWith("\n") ? html : `${html}\n`;
}

/** Rules in the order a reader wants them: from `query` down, then the expression rules defined before it. */
function readingOrder(rules: ISerializedGast[]): ISerializedGast[] {
  const start = rules.findIndex((r) => (r as { name?: string }).name === "query");
  return start <= 0 ? rules : [...rules.slice(start), ...rules.slice(0, start)];
}
