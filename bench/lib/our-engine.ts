/**
 * Loads our mask engine lazily, so the XGrammar side of the bench still runs (and says why ours did
 * not) when src/constraints is missing or broken.
 */
import type { OurEngine } from "./ours-trace.js";

export type EngineLoad =
  | { readonly kind: "loaded"; readonly engine: OurEngine }
  | { readonly kind: "unavailable"; readonly reason: string };

// Computed specifiers: a missing file must be a reported condition here, not a type error elsewhere.
const VOCABULARY_MODULE = "../../src/constraints/vocabulary.js";
const COMPILE_MODULE = "../../src/constraints/compile.js";

export async function loadOurEngine(): Promise<EngineLoad> {
  try {
    const vocabulary = (await import(VOCABULARY_MODULE)) as Partial<OurEngine>;
    const compile = (await import(COMPILE_MODULE)) as Partial<OurEngine>;
    const { vocabularyFromTokenizerJson } = vocabulary;
    const { compileConstraint } = compile;
    if (typeof vocabularyFromTokenizerJson !== "function" || typeof compileConstraint !== "function") {
      return { kind: "unavailable", reason: "vocabularyFromTokenizerJson or compileConstraint is not exported" };
    }
    return { kind: "loaded", engine: { vocabularyFromTokenizerJson, compileConstraint } };
  } catch (error) {
    return { kind: "unavailable", reason: error instanceof Error ? error.message : String(error) };
  }
}
