/** Builds our Vocabulary and trie for one tokenizer.json, timing each and measuring memory. */
import type { Vocabulary } from "../../src/constraints/engine.js";
import { memoryAfterGc } from "./memory.js";
import { startClock, type Elapsed } from "./stats.js";
import type { OurEngine } from "./ours-trace.js";
import type { TraceTokenizer } from "./vocab-sources.js";
import { warmUpOurs } from "./warm-up.js";

export interface OurVocabulary {
  readonly vocab: Vocabulary;
  readonly vocabulary: Elapsed;
  /** Null when the engine does not expose its trie build (then it is inside firstCompileMs). */
  readonly trie: Elapsed | null;
  readonly trieBytes: number | null;
  readonly firstCompileMs: number;
  /** Growth after vocabulary + trie. */
  readonly heapBytes: number;
  readonly arrayBufferBytes: number;
  /**
   * Growth (heap + array buffers) after the warm-up as well: adds what the engine builds lazily per
   * vocabulary, but also the warm-up's compiled constraints, which stay in the engine's cache.
   */
  readonly afterWarmUpBytes: number;
}

/**
 * Vocabulary, then trie (the engine builds it lazily; forced here so it is timed on its own), then
 * the warm-up; memory is measured after the trie and again after the warm-up.
 */
export async function buildOurVocabulary(
  engine: OurEngine,
  json: unknown,
  tokenize: TraceTokenizer,
): Promise<OurVocabulary> {
  const before = memoryAfterGc();
  let clock = startClock();
  const vocab = engine.vocabularyFromTokenizerJson(json);
  const vocabulary = clock();
  clock = startClock();
  const trie = engine.trieOf?.(vocab);
  const trieTime = engine.trieOf ? clock() : null;
  const after = memoryAfterGc();
  const firstCompileMs = await warmUpOurs(engine, vocab, tokenize);
  const warmedUp = memoryAfterGc();
  return {
    vocab,
    vocabulary,
    trie: trieTime,
    trieBytes: trie !== undefined && engine.trieBytes ? engine.trieBytes(trie as never) : null,
    firstCompileMs,
    heapBytes: after.heap - before.heap,
    arrayBufferBytes: after.arrayBuffers - before.arrayBuffers,
    afterWarmUpBytes: warmedUp.heap + warmedUp.arrayBuffers - before.heap - before.arrayBuffers,
  };
}
