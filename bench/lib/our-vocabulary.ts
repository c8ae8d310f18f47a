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
  readonly heapBytes: number;
  readonly arrayBufferBytes: number;
}

/**
 * Vocabulary, then trie (the engine builds it lazily; forced here so it is timed on its own), then
 * the warm-up; memory is measured after all three, so whatever is built on first use is counted.
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
  const firstCompileMs = await warmUpOurs(engine, vocab, tokenize);
  const after = memoryAfterGc();
  return {
    vocab,
    vocabulary,
    trie: trieTime,
    trieBytes: trie !== undefined && engine.trieBytes ? engine.trieBytes(trie as never) : null,
    firstCompileMs,
    heapBytes: after.heap - before.heap,
    arrayBufferBytes: after.arrayBuffers - before.arrayBuffers,
  };
}
