/**
 * Writes grammar/lmql.tmLanguage.json from scripts/grammar/tmlanguage.ts.
 * Run: npx tsx scripts/grammar/generate-tmlanguage.ts
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { renderTmLanguage } from "./tmlanguage.js";

const target = fileURLToPath(new URL("../../grammar/lmql.tmLanguage.json", import.meta.url));
writeFileSync(target, renderTmLanguage());
console.log(`wrote ${target}`);
