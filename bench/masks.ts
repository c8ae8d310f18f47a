/**
 * The mask benchmark (`npm run bench -- masks`): per vocabulary and constraint, our engine's compile
 * time and cold/warm per-step mask time beside XGrammar's on the same token trace, in one run, with
 * both engines' masks compared step by step. Writes bench/results/masks.json.
 */
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import type { Vocabulary } from "../src/constraints/engine.js";
import { compareMasks } from "./lib/compare.js";
import { loadBenchConstraints, type BenchConstraint } from "./lib/constraints-data.js";
import { megabytes, memoryAfterGc } from "./lib/memory.js";
import { loadOurEngine } from "./lib/our-engine.js";
import { runOurTrace, type OurEngine } from "./lib/ours-trace.js";
import { summarise, type ConstraintResult, type MaskBenchResults, type VocabResult } from "./lib/results.js";
import { round } from "./lib/stats.js";
import { formatDiffs, formatTable } from "./lib/table.js";
import {
  eosTokenId,
  loadTokenizerFiles,
  traceTokenizer,
  vocabSources,
  xgrammarTokenStrings,
  type TraceTokenizer,
  type VocabSource,
} from "./lib/vocab-sources.js";
import { disposeXGrammarVocab, prepareXGrammarVocab, xgrammarVersion, type XGrammarVocab } from "./lib/xgrammar.js";
import { runXGrammarTrace, warmUpXGrammar } from "./lib/xgrammar-trace.js";

export interface MaskBenchOptions {
  /** Only these vocabularies (by name); all when absent. A filtered run does not write results. */
  readonly vocabs?: readonly string[];
  /** How many times the trace is repeated for the warm figures. */
  readonly warmReps?: number;
}

const RESULTS_URL = new URL("./results/masks.json", import.meta.url);

/** Runs the benchmark and prints the table; resolves to false when any verification failed. */
export async function runMaskBench(options: MaskBenchOptions = {}): Promise<boolean> {
  const warmReps = options.warmReps ?? 5;
  const load = await loadOurEngine();
  const problems: string[] = [];
  if (load.kind === "unavailable") problems.push(`our engine is unavailable: ${load.reason}`);
  const engine = load.kind === "loaded" ? load.engine : undefined;
  const sources = vocabSources().filter((s) => options.vocabs === undefined || options.vocabs.includes(s.name));
  const vocabResults: VocabResult[] = [];
  for (const source of sources) {
    console.error(`masks: ${source.name} ...`);
    vocabResults.push(await benchVocab(source, engine, warmReps, problems));
  }
  const results: MaskBenchResults = {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      cpu: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      xgrammar: `@mlc-ai/web-xgrammar@${xgrammarVersion()} (WASM, GrammarMatcher.getNextTokenBitmask)`,
      traceTokenizer: "transformers.js PreTrainedTokenizer built from the same tokenizer.json, no special tokens",
      warmReps,
      problems,
    },
    vocab: vocabResults,
  };
  console.log(formatTable(results));
  console.log(`\n${formatDiffs(results)}`);
  if (options.vocabs === undefined) {
    writeFileSync(RESULTS_URL, `${JSON.stringify(results, null, 1)}\n`);
    console.log(`\nwrote ${RESULTS_URL.pathname}`);
  }
  reportProblems(problems);
  return problems.length === 0;
}

async function benchVocab(
  source: VocabSource,
  engine: OurEngine | undefined,
  warmReps: number,
  problems: string[],
): Promise<VocabResult> {
  const files = loadTokenizerFiles(source);
  const tokenize = await traceTokenizer(files);
  const warmUpTokens = tokenize(WARM_UP_TEXT);
  const ours = engine ? buildOurVocabulary(engine, files.json, warmUpTokens) : undefined;
  const strings = xgrammarTokenStrings(files.json);
  const xgrammar = await prepareXGrammarVocab(strings, [eosTokenId(files)]);
  if (ours && ours.vocab.size !== strings.length) {
    problems.push(`${source.name}: our vocabulary has ${ours.vocab.size} tokens, tokenizer.json ${strings.length}`);
  }
  const constraints: ConstraintResult[] = [];
  await warmUpXGrammar(xgrammar, warmUpTokens);
  try {
    for (const constraint of loadBenchConstraints()) {
      const where = `${source.name}/${constraint.name}`;
      const context = { engine, vocab: ours?.vocab, xgrammar, tokenize, warmReps };
      constraints.push(await benchConstraint(constraint, context, (p) => problems.push(`${where}: ${p}`)));
    }
  } finally {
    disposeXGrammarVocab(xgrammar);
  }
  return {
    name: source.name,
    size: strings.length,
    source: source.source,
    jsonParseMs: round(files.parseMs, 1),
    vocabularyMs: ours ? round(ours.vocabularyMs, 1) : null,
    trieMs: ours?.trieMs == null ? null : round(ours.trieMs, 1),
    trieBuildMs: ours ? round(ours.vocabularyMs + (ours.trieMs ?? 0), 1) : null,
    trieMB: ours?.trieBytes == null ? null : megabytes(ours.trieBytes),
    firstCompileMs: ours ? round(ours.firstCompileMs, 1) : null,
    heapMB: ours ? megabytes(ours.heapBytes) : null,
    arrayBuffersMB: ours ? megabytes(ours.arrayBufferBytes) : null,
    xgrammarVocabMs: round(xgrammar.buildMs, 1),
    constraints,
  };
}

/** Text of the throwaway trace both engines run once per vocabulary before anything is measured. */
const WARM_UP_TEXT = "warm up the engines";

/**
 * Our counterpart of warmUpXGrammar: JIT warm-up plus any per-vocabulary structure built lazily on
 * first use. Its compile time is reported (firstCompileMs) rather than hidden.
 */
function warmUpOurs(engine: OurEngine, vocab: Vocabulary, tokens: readonly number[]): number {
  return runOurTrace(engine, vocab, { kind: "regex", pattern: "[a-z ]+" }, tokens, 1).compileMs;
}

interface OurVocabulary {
  readonly vocab: Vocabulary;
  readonly vocabularyMs: number;
  /** Null when the engine does not expose its trie build (then it is inside firstCompileMs). */
  readonly trieMs: number | null;
  readonly trieBytes: number | null;
  readonly firstCompileMs: number;
  readonly heapBytes: number;
  readonly arrayBufferBytes: number;
}

/**
 * Vocabulary, then trie (when the engine exposes its lazy build, timed on its own), then the warm-up
 * compile; memory is measured after all three, so whatever is built lazily on first use is counted.
 */
function buildOurVocabulary(engine: OurEngine, json: unknown, warmUpTokens: readonly number[]): OurVocabulary {
  const before = memoryAfterGc();
  let start = performance.now();
  const vocab = engine.vocabularyFromTokenizerJson(json);
  const vocabularyMs = performance.now() - start;
  start = performance.now();
  const trie = engine.trieOf?.(vocab);
  const trieMs = engine.trieOf ? performance.now() - start : null;
  const firstCompileMs = warmUpOurs(engine, vocab, warmUpTokens);
  const after = memoryAfterGc();
  return {
    vocab,
    vocabularyMs,
    trieMs,
    trieBytes: trie !== undefined && engine.trieBytes ? engine.trieBytes(trie as never) : null,
    firstCompileMs,
    heapBytes: after.heap - before.heap,
    arrayBufferBytes: after.arrayBuffers - before.arrayBuffers,
  };
}

interface ConstraintContext {
  readonly engine: OurEngine | undefined;
  readonly vocab: Vocabulary | undefined;
  readonly xgrammar: XGrammarVocab;
  readonly tokenize: TraceTokenizer;
  readonly warmReps: number;
}

async function benchConstraint(
  constraint: BenchConstraint,
  context: ConstraintContext,
  problem: (text: string) => void,
): Promise<ConstraintResult> {
  const tokens = context.tokenize(constraint.text);
  if (context.vocab) checkTrace(context.vocab, tokens, constraint.text, problem);
  const theirs = await runXGrammarTrace(context.xgrammar, constraint.ebnf, tokens, context.warmReps);
  theirs.problems.forEach(problem);
  const { engine, vocab } = context;
  const ours = engine && vocab ? guarded(() => runOurTrace(engine, vocab, constraint.spec, tokens, context.warmReps), problem) : undefined;
  ours?.problems.forEach(problem);
  const comparison = ours && vocab ? compareMasks(vocab, ours, theirs) : undefined;
  const input = {
    name: constraint.name,
    spec: constraint.spec,
    ebnf: constraint.ebnf,
    sameLanguage: constraint.sameLanguage,
    steps: tokens.length,
  };
  return summarise(input, ours, theirs, comparison);
}

/** An exception from our engine is a finding to report, not a reason to lose the other figures. */
function guarded<T>(run: () => T, problem: (text: string) => void): T | undefined {
  try {
    return run();
  } catch (error) {
    problem(`ours threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return undefined;
  }
}

/** The trace's tokens must spell the text exactly in our vocabulary's bytes. */
function checkTrace(vocab: Vocabulary, tokens: readonly number[], text: string, problem: (t: string) => void): void {
  const parts = tokens.map((id) => vocab.bytes(id));
  const joined = Buffer.concat(parts);
  if (!joined.equals(Buffer.from(text, "utf8"))) {
    problem(`trace tokens spell ${JSON.stringify(joined.toString("utf8"))} in our vocabulary, not the trace text`);
  }
}

function reportProblems(problems: readonly string[]): void {
  if (problems.length === 0) return;
  console.error(`\nBENCH VERIFICATION FAILED (${problems.length}):`);
  for (const p of problems) console.error(`  - ${p}`);
}
