/**
 * The mask benchmark (`npm run bench -- masks`): per vocabulary and constraint, our engine's compile
 * time and cold/warm per-step mask time beside XGrammar's on the same token trace, in one run, with
 * both engines' masks compared step by step. Writes bench/results/masks.json.
 */
import { writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import type { Vocabulary } from "../src/constraints/engine.js";
import { regexArbiter } from "./lib/arbiter.js";
import { compareMasks, oursInexact, type MaskComparison } from "./lib/compare.js";
import { loadBenchConstraints, type BenchConstraint } from "./lib/constraints-data.js";
import { megabytes } from "./lib/memory.js";
import { loadOurEngine } from "./lib/our-engine.js";
import { buildOurVocabulary } from "./lib/our-vocabulary.js";
import { runOurTrace, type OurEngine } from "./lib/ours-trace.js";
import { summarise, type ConstraintResult, type MaskBenchResults, type VocabResult } from "./lib/results.js";
import { round } from "./lib/stats.js";
import { formatDiffs, formatTable } from "./lib/table.js";
import type { Repetitions, TraceRun } from "./lib/trace-run.js";
import {
  eosTokenId,
  loadTokenizerFiles,
  traceTokenizer,
  vocabSources,
  xgrammarTokenStrings,
  type TraceTokenizer,
  type VocabSource,
} from "./lib/vocab-sources.js";
import { warmUpOurs, warmUpXGrammar } from "./lib/warm-up.js";
import { disposeXGrammarVocab, prepareXGrammarVocab, xgrammarVersion, type XGrammarVocab } from "./lib/xgrammar.js";
import { runXGrammarTrace } from "./lib/xgrammar-trace.js";

export interface MaskBenchOptions {
  /** Only these vocabularies (by name); all when absent. A filtered run does not write results. */
  readonly vocabs?: readonly string[];
  readonly reps?: Repetitions;
}

/** Three fresh compiles unless they take over 2.5 s (XGrammar's length caps do). */
const DEFAULT_REPS: Repetitions = { cold: 3, warm: 5, budgetMs: 2500 };

const RESULTS_URL = new URL("./results/masks.json", import.meta.url);

/** Runs the benchmark and prints the table; resolves to false when any verification failed. */
export async function runMaskBench(options: MaskBenchOptions = {}): Promise<boolean> {
  const reps = options.reps ?? DEFAULT_REPS;
  const loadAtStart = loadavg()[0];
  const load = await loadOurEngine();
  const problems: string[] = [];
  if (load.kind === "unavailable") problems.push(`our engine is unavailable: ${load.reason}`);
  const engine = load.kind === "loaded" ? load.engine : undefined;
  const sources = vocabSources().filter((s) => options.vocabs === undefined || options.vocabs.includes(s.name));
  const vocabResults: VocabResult[] = [];
  for (const source of sources) {
    console.error(`masks: ${source.name} ...`);
    vocabResults.push(await benchVocab(source, engine, reps, problems));
  }
  const results: MaskBenchResults = {
    meta: {
      date: new Date().toISOString(),
      node: process.version,
      cpu: cpus()[0]?.model ?? "unknown",
      cores: cpus().length,
      xgrammar: `@mlc-ai/web-xgrammar@${xgrammarVersion()} (WASM, GrammarMatcher.getNextTokenBitmask)`,
      traceTokenizer: "transformers.js PreTrainedTokenizer built from the same tokenizer.json, no special tokens",
      reps,
      loadAverage: [round(loadAtStart, 1), round(loadavg()[0], 1)],
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
  reps: Repetitions,
  problems: string[],
): Promise<VocabResult> {
  const files = loadTokenizerFiles(source);
  const tokenize = await traceTokenizer(files);
  const ours = engine ? await guarded(() => buildOurVocabulary(engine, files.json, tokenize), problems) : undefined;
  const strings = xgrammarTokenStrings(files.json);
  const xgrammar = await prepareXGrammarVocab(strings, [eosTokenId(files)]);
  if (ours && ours.vocab.size !== strings.length) {
    problems.push(`${source.name}: our vocabulary has ${ours.vocab.size} tokens, tokenizer.json ${strings.length}`);
  }
  const constraints: ConstraintResult[] = [];
  try {
    await warmUpXGrammar(xgrammar, tokenize);
    for (const constraint of loadBenchConstraints()) {
      const context = { engine, vocab: ours?.vocab, xgrammar, tokenize, reps };
      const problemsOf = (p: string): void => void problems.push(`${source.name}/${constraint.name}: ${p}`);
      constraints.push(await benchConstraint(constraint, context, problemsOf));
    }
  } finally {
    disposeXGrammarVocab(xgrammar);
  }
  return {
    name: source.name,
    size: strings.length,
    source: source.source,
    jsonParseMs: round(files.parseMs, 1),
    vocabularyMs: ours ? round(ours.vocabulary.wallMs, 1) : null,
    vocabularyCpuMs: ours ? round(ours.vocabulary.cpuMs, 1) : null,
    trieMs: ours?.trie ? round(ours.trie.wallMs, 1) : null,
    trieCpuMs: ours?.trie ? round(ours.trie.cpuMs, 1) : null,
    trieBuildMs: ours ? round(ours.vocabulary.wallMs + (ours.trie?.wallMs ?? 0), 1) : null,
    trieBuildCpuMs: ours ? round(ours.vocabulary.cpuMs + (ours.trie?.cpuMs ?? 0), 1) : null,
    trieMB: ours?.trieBytes == null ? null : megabytes(ours.trieBytes),
    firstCompileMs: ours ? round(ours.firstCompileMs, 1) : null,
    heapMB: ours ? megabytes(ours.heapBytes) : null,
    arrayBuffersMB: ours ? megabytes(ours.arrayBufferBytes) : null,
    afterWarmUpMB: ours ? megabytes(ours.afterWarmUpBytes) : null,
    xgrammarVocabMs: round(xgrammar.build.wallMs, 1),
    xgrammarVocabCpuMs: round(xgrammar.build.cpuMs, 1),
    constraints,
  };
}

interface ConstraintContext {
  readonly engine: OurEngine | undefined;
  readonly vocab: Vocabulary | undefined;
  readonly xgrammar: XGrammarVocab;
  readonly tokenize: TraceTokenizer;
  readonly reps: Repetitions;
}

async function benchConstraint(
  constraint: BenchConstraint,
  context: ConstraintContext,
  problem: (text: string) => void,
): Promise<ConstraintResult> {
  const { engine, vocab, reps } = context;
  const tokens = context.tokenize(constraint.text);
  const traces = { tokens, otherTokens: context.tokenize(constraint.otherText) };
  if (vocab) checkTrace(vocab, tokens, constraint.text, problem);
  if (vocab) checkTrace(vocab, traces.otherTokens, constraint.otherText, problem);
  const theirs = await runXGrammarTrace(context.xgrammar, constraint.ebnf, traces, reps);
  theirs.problems.forEach(problem);
  let ours: TraceRun | undefined;
  if (engine && vocab) {
    const prepare = (fresh: Vocabulary): Promise<number> => warmUpOurs(engine, fresh, context.tokenize, 1);
    ours = await guarded(() => runOurTrace(engine, vocab, constraint.spec, traces, reps, prepare), [], problem);
  }
  ours?.problems.forEach(problem);
  let comparison: MaskComparison | undefined;
  if (ours && vocab) {
    const judge = { vocab, arbiter: regexArbiter(constraint.regex), prefixes: prefixesOf(vocab, tokens) };
    comparison = compareMasks(judge, ours, theirs);
    oursInexact(comparison).forEach(problem);
  }
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
async function guarded<T>(
  run: () => Promise<T>,
  problems: string[],
  report: (text: string) => void = (text) => void problems.push(text),
): Promise<T | undefined> {
  try {
    return await run();
  } catch (error) {
    report(`ours threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return undefined;
  }
}

/** The value's bytes before each step. */
function prefixesOf(vocab: Vocabulary, tokens: readonly number[]): Uint8Array[] {
  const prefixes: Uint8Array[] = [];
  for (let step = 0; step < tokens.length; step++) {
    prefixes.push(new Uint8Array(Buffer.concat(tokens.slice(0, step).map((id) => vocab.bytes(id)))));
  }
  return prefixes;
}

/** The trace's tokens must spell the text exactly in our vocabulary's bytes. */
function checkTrace(vocab: Vocabulary, tokens: readonly number[], text: string, problem: (t: string) => void): void {
  const joined = Buffer.concat(tokens.map((id) => vocab.bytes(id)));
  if (!joined.equals(Buffer.from(text, "utf8"))) {
    problem(`trace tokens spell ${JSON.stringify(joined.toString("utf8"))} in our vocabulary, not the trace text`);
  }
}

function reportProblems(problems: readonly string[]): void {
  if (problems.length === 0) return;
  console.error(`\nBENCH VERIFICATION FAILED (${problems.length}):`);
  for (const p of problems) console.error(`  - ${p}`);
}
