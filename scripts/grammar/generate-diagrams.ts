/**
 * Writes grammar/diagrams.html from the parser's serialized grammar and copies chevrotain's diagram
 * scripts (and its licence) into grammar/diagrams/ so the page renders offline.
 * Run: npx tsx scripts/grammar/generate-diagrams.ts
 */
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  assetsDir,
  chevrotainDiagramsDir,
  chevrotainLicensePath,
  DIAGRAM_ASSETS,
  diagramsHtmlPath,
  renderDiagramsHtml,
} from "./diagrams.js";

for (const asset of DIAGRAM_ASSETS) {
  const target = join(assetsDir, asset);
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(join(chevrotainDiagramsDir(), asset), target);
}
copyFileSync(chevrotainLicensePath(), join(assetsDir, "LICENSE-chevrotain.txt"));
writeFileSync(diagramsHtmlPath, renderDiagramsHtml());
console.log(`wrote ${diagramsHtmlPath} and ${DIAGRAM_ASSETS.length} assets in ${assetsDir}`);
