/**
 * Loads our mask engine lazily, so the XGrammar side of the bench still runs (and says why ours did
 * not) when src/constraints is missing or broken.
 */
import type { OurEngine } from "./ours-trace.js";

export type EngineLoad =
  | { readonly kind: "loaded"; readonly engine: OurEngine }
  | { readonly kind: "unavailable"; readonly reason: string };

// Computed specifiers: a missing file must be a reported condition here, not a type error elsewhere.
// BENCH_ENGINE_DIR points the bench at another build of the engine (a branch, or a harness check).
const ENGINE_DIR = process.env.BENCH_ENGINE_DIR ?? new URL("../../src/constraints/", import.meta.url).href;
const VOCABULARY_MODULE = new URL("vocabulary.js", withSlash(ENGINE_DIR)).href;
const COMPILE_MODULE = new URL("compile.js", withSlash(ENGINE_DIR)).href;
const TRIE_MODULE = new URL("trie.js", withSlash(ENGINE_DIR)).href;

function withSlash(dir: string): string {
  const url = dir.includes("://") ? dir : `file://${dir}`;
  return url.endsWith("/") ? url : `${url}/`;
}

export async function loadOurEngine(): Promise<EngineLoad> {
  try {
    const vocabulary = (await import(VOCABULARY_MODULE)) as Partial<OurEngine>;
    const compile = (await import(COMPILE_MODULE)) as Partial<OurEngine>;
    const { vocabularyFromTokenizerJson } = vocabulary;
    const { compileConstraint } = compile;
    if (typeof vocabularyFromTokenizerJson !== "function" || typeof compileConstraint !== "function") {
      return { kind: "unavailable", reason: "vocabularyFromTokenizerJson or compileConstraint is not exported" };
    }
    return { kind: "loaded", engine: { vocabularyFromTokenizerJson, compileConstraint, ...(await loadTrie()) } };
  } catch (error) {
    return { kind: "unavailable", reason: error instanceof Error ? error.message : String(error) };
  }
}

/** The trie is built lazily by the engine; when its module says how, the bench times it on its own. */
async function loadTrie(): Promise<Pick<OurEngine, "trieOf" | "trieBytes">> {
  try {
    const trie = (await import(TRIE_MODULE)) as Partial<OurEngine>;
    return {
      ...(typeof trie.trieOf === "function" ? { trieOf: trie.trieOf } : {}),
      ...(typeof trie.trieBytes === "function" ? { trieBytes: trie.trieBytes } : {}),
    };
  } catch {
    return {};
  }
}
