/**
 * `npm run bench -- decode`: constrained decoding on the shipped tiny-lm (q8) against
 * transformers.js's own unconstrained greedy `generate()`, same prompt and number of new tokens,
 * interleaved in one run. Writes bench/results/decode.json.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AutoModelForCausalLM, Tensor } from "@huggingface/transformers";
import { loadTransformersModel } from "../src/models/transformers.js";
import { bundledModelsFolder } from "../src/models/resolve-model.js";
import type { LogitsModel, ModelSession } from "../src/models/model.js";
import type { Vocabulary } from "../src/constraints/engine.js";
import type { ConstraintSpec } from "../src/constraints/spec.js";
import { vocabularyFromTokenizerJson } from "../src/constraints/vocabulary.js";
import { compileConstraint } from "../src/constraints/compile.js";
import { openPromptSession } from "../src/runtime/decode/prompt-session.js";
import { median } from "./lib/stats.js";

const NEW_TOKENS = 100;
const RUNS = 7;
const PROMPT = "Once upon a time, in a small village by the sea, there lived";
const RESULTS = join(dirname(fileURLToPath(import.meta.url)), "results", "decode.json");

interface Case {
  readonly name: string;
  readonly spec: ConstraintSpec;
}

interface CaseResult {
  readonly name: string;
  readonly tokens: number;
  readonly oursTokPerS: number;
  readonly generateTokPerS: number;
  readonly ratio: number;
  readonly forwardPasses: number;
  /**
   * CPU milliseconds per generated token spent outside the model: the same hole replayed on its
   * recorded logits, so only the decoder and the mask engine run.
   */
  readonly overheadMsPerToken: number;
}

interface GenerateModel {
  generate(options: Record<string, unknown>): Promise<unknown>;
}

export async function runDecodeBench(): Promise<void> {
  const ours = await loadTransformersModel("local:tiny-lm");
  const reference = (await AutoModelForCausalLM.from_pretrained(join(bundledModelsFolder(), "tiny-lm"), { dtype: "q8" })) as unknown as GenerateModel;
  const vocab = vocabularyFromTokenizerJson(ours.tokenizerJson);
  const ids = [ours.bosTokenId ?? 0, ...ours.encode(PROMPT)];
  let generated: number[] = [];
  const generate = async (): Promise<number> => {
    const input = new Tensor("int64", BigInt64Array.from(ids.map(BigInt)), [1, ids.length]);
    const t0 = performance.now();
    const out = (await reference.generate({ inputs: input, max_new_tokens: NEW_TOKENS, do_sample: false, eos_token_id: [] })) as Tensor;
    const ms = performance.now() - t0;
    generated = (out.tolist() as bigint[][])[0].slice(ids.length).map(Number);
    return ms;
  };
  const greedyText = await greedyContinuation(ours, vocab);
  await generate();
  // Exactness of the KV-cache loop on the shipped model: unconstrained greedy must equal generate().
  const same = greedyText === ours.decode(generated);
  console.log(same ? "check: our unconstrained greedy text equals generate()'s" : `check FAILED: ours ${JSON.stringify(greedyText)} vs generate() ${JSON.stringify(ours.decode(generated))}`);
  const results: CaseResult[] = [];
  for (const c of benchCases(greedyText)) {
    results.push(await runCase(c, ours, vocab, generate));
  }
  printTable(results);
  mkdirSync(dirname(RESULTS), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify({ cases: results }, null, 2)}\n`);
  console.log(`wrote ${RESULTS}`);
  await ours.dispose();
}

/**
 * regex: a character class that cannot end before NEW_TOKENS tokens; choice: four long options
 * (the model's own greedy text and three variants that branch late, so most tokens are forced);
 * stop: a stop phrase the model does not produce, capped at NEW_TOKENS tokens.
 */
function benchCases(greedy: string): Case[] {
  const variants = [greedy, swapWord(greedy, 0.3, " suddenly"), swapWord(greedy, 0.6, " quietly"), swapWord(greedy, 0.85, " again")];
  return [
    { name: "regex", spec: { kind: "and", parts: [{ kind: "regex", pattern: "[A-Za-z0-9 ,.;:'\"!?\\n-]+" }, { kind: "tokenLength", op: ">=", n: NEW_TOKENS }] } },
    { name: "choice", spec: { kind: "choice", options: [...new Set(variants)] } },
    { name: "stop", spec: { kind: "and", parts: [{ kind: "stopsAt", stop: "THE END" }, { kind: "tokenLength", op: "<=", n: NEW_TOKENS }] } },
  ];
}

function swapWord(text: string, at: number, word: string): string {
  const cut = text.indexOf(" ", Math.floor(text.length * at));
  return cut < 0 ? `${text}${word}` : `${text.slice(0, cut)}${word}${text.slice(cut)}`;
}

async function greedyContinuation(model: LogitsModel, vocab: Vocabulary): Promise<string> {
  const session = await openPromptSession(model, { decoder: "argmax", n: 1, temperature: 0, maxTokensPerHole: NEW_TOKENS, tokenHealing: false }, vocab);
  session.appendText(PROMPT);
  const spec: ConstraintSpec = { kind: "tokenLength", op: ">=", n: NEW_TOKENS };
  return (await session.generate({ name: "G", constraint: compileConstraint(spec, vocab), maxTokens: NEW_TOKENS })).text;
}

interface DecodeRun {
  readonly ms: number;
  /** Process CPU time: on a machine shared with other jobs, wall time would count their work too. */
  readonly cpuMs: number;
  readonly tokens: number;
  readonly passes: number;
  readonly text: string;
}

async function decodeOnce(model: LogitsModel, vocab: Vocabulary, c: Case): Promise<DecodeRun> {
  const constraint = compileConstraint(c.spec, vocab);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const session = await openPromptSession(model, { decoder: "argmax", n: 1, temperature: 0, maxTokensPerHole: NEW_TOKENS, tokenHealing: false }, vocab);
  session.appendText(PROMPT);
  const result = await session.generate({ name: c.name, constraint, maxTokens: NEW_TOKENS });
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, tokens: result.tokens.length, passes: session.stats.forwardPasses, text: result.text };
}

async function runCase(c: Case, model: LogitsModel, vocab: Vocabulary, generate: () => Promise<number>): Promise<CaseResult> {
  await generate();
  const recording = recordingModel(model);
  const recorded = await decodeOnce(recording.model, vocab, c);
  const replay = replayModel(model, recording.rows);
  const theirs: number[] = [];
  const mine: DecodeRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Alternate the order so neither side always runs right after the other's load.
    if (i % 2 === 0) {
      theirs.push(await generate());
      mine.push(await decodeOnce(model, vocab, c));
    } else {
      mine.push(await decodeOnce(model, vocab, c));
      theirs.push(await generate());
    }
  }
  // Replays run back to back, after the model's thread pool has gone quiet (its threads spin for a
  // while after each pass and would be counted in the process CPU time).
  const engine: number[] = [];
  for (let i = 0; i < 3 * RUNS; i++) {
    const replayed = await decodeOnce(replay, vocab, c);
    if (replayed.text !== recorded.text) throw new Error(`bench ${c.name}: the replay diverged from the recorded run`);
    if (i >= RUNS) engine.push(replayed.cpuMs / replayed.tokens);
  }
  const tokens = mine[0].tokens;
  const oursMs = median(mine.map((m) => m.ms));
  const generateMs = median(theirs);
  const oursTokPerS = (tokens / oursMs) * 1000;
  const generateTokPerS = (NEW_TOKENS / generateMs) * 1000;
  return {
    name: c.name,
    tokens,
    oursTokPerS: round(oursTokPerS),
    generateTokPerS: round(generateTokPerS),
    // Per adjacent pair, then the median: the two runs of a pair share the machine's load.
    ratio: round(median(mine.map((m, i) => (m.tokens / m.ms) / (NEW_TOKENS / theirs[i]))), 3),
    forwardPasses: mine[0].passes,
    overheadMsPerToken: round(median(engine), 4),
  };
}

function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function printTable(results: readonly CaseResult[]): void {
  console.log(`decode: tiny-lm q8, prompt ${JSON.stringify(PROMPT)}, ${NEW_TOKENS} new tokens, median of ${RUNS} interleaved runs (ratio: median of the pairs' ratios)`);
  console.log("case     tokens  ours tok/s  generate() tok/s  ratio  forward passes  overhead ms/token");
  for (const r of results) {
    console.log(`${r.name.padEnd(8)} ${String(r.tokens).padStart(6)}  ${r.oursTokPerS.toFixed(1).padStart(10)}  ${r.generateTokPerS.toFixed(1).padStart(16)}  ${r.ratio.toFixed(2).padStart(5)}  ${String(r.forwardPasses).padStart(14)}  ${r.overheadMsPerToken.toFixed(4).padStart(17)}`);
  }
}

/** Wraps a model so every logits row it returns is copied, in call order. */
function recordingModel(model: LogitsModel): { readonly model: LogitsModel; readonly rows: Float32Array[] } {
  const rows: Float32Array[] = [];
  const wrap = (session: ModelSession): ModelSession => ({
    get tokens() {
      return session.tokens;
    },
    stats: session.stats,
    feed: async (tokens) => {
      const logits = await session.feed(tokens);
      rows.push(logits.slice());
      return logits;
    },
    score: (tokens) => session.score(tokens),
    truncate: (length) => session.truncate(length),
    fork: () => wrap(session.fork()),
  });
  return { model: { ...modelFacts(model), createSession: async () => wrap(await model.createSession()) }, rows };
}

/**
 * Replays recorded logits rows with no model behind them: decoding the same hole again takes the
 * same path, so its time is the decoder's and the mask engine's own cost.
 */
function replayModel(model: LogitsModel, rows: readonly Float32Array[]): LogitsModel {
  let next = 0;
  const session = (tokens: number[], stats: { forwardPasses: number; tokensFed: number }): ModelSession => ({
    get tokens() {
      return tokens;
    },
    stats,
    feed: async (fed) => {
      for (const t of fed) tokens.push(t);
      stats.forwardPasses += 1;
      stats.tokensFed += fed.length;
      return rows[next++ % rows.length];
    },
    score: async (scored) => new Float64Array(scored.length),
    truncate: (length) => void tokens.splice(length),
    fork: () => session([...tokens], stats),
  });
  return {
    ...modelFacts(model),
    createSession: async () => {
      next = 0;
      return session([], { forwardPasses: 0, tokensFed: 0 });
    },
  };
}

function modelFacts(model: LogitsModel): Omit<LogitsModel, "createSession"> {
  return {
    id: model.id,
    capabilities: model.capabilities,
    vocabSize: model.vocabSize,
    eosTokenIds: model.eosTokenIds,
    bosTokenId: model.bosTokenId,
    contextLength: model.contextLength,
    tokenizerJson: model.tokenizerJson,
    encode: (text) => model.encode(text),
    decode: (ids) => model.decode(ids),
    dispose: () => model.dispose(),
  };
}
