import { beforeAll, describe, expect, it } from "vitest";
import { loadTransformersModel } from "../../src/models/transformers.js";
import type { LogitsModel } from "../../src/models/model.js";
import type { Vocabulary } from "../../src/constraints/engine.js";
import { vocabularyFromTokenizerJson } from "../../src/constraints/vocabulary.js";
import { openPromptSession } from "../../src/runtime/decode/prompt-session.js";
import type { DecoderSettings } from "../../src/runtime/decode/types.js";
import { anything, nothing, oneOf } from "./test-constraints.js";
import { DecodeError } from "../../src/runtime/decode/decode-error.js";

const PROMPT = "Q: What is the capital of France?\nA:";
const BASE: DecoderSettings = { decoder: "argmax", n: 1, temperature: 0, maxTokensPerHole: 64, tokenHealing: false };
const OPTIONS = [" Paris", " London", " the city of Berlin", " Rome"];

let model: LogitsModel;
let vocab: Vocabulary;

beforeAll(async () => {
  model = await loadTransformersModel("local:micro-lm");
  vocab = vocabularyFromTokenizerJson(model.tokenizerJson);
});

async function sumLogprob(tokens: readonly number[]): Promise<number> {
  const s = await model.createSession();
  await s.feed([model.bosTokenId!, ...model.encode(PROMPT)]);
  return (await s.score(tokens)).reduce((a, b) => a + b, 0);
}

describe("sample", () => {
  const settings = (seed: number): DecoderSettings => ({ ...BASE, decoder: "sample", temperature: 1, seed });
  async function draw(seed: number, extra: Partial<DecoderSettings> = {}): Promise<string> {
    const session = await openPromptSession(model, { ...settings(seed), ...extra }, vocab);
    session.appendText(PROMPT);
    return (await session.generate({ name: "X", constraint: anything(vocab, false), maxTokens: 12 })).text;
  }

  it("is repeatable with a seed and varies across seeds", async () => {
    expect(await draw(7)).toBe(await draw(7));
    const texts = new Set<string>();
    for (const seed of [1, 2, 3, 4, 5]) texts.add(await draw(seed));
    expect(texts.size).toBeGreaterThan(1);
  });

  it("top_k = 1 is argmax", async () => {
    const greedy = await openPromptSession(model, BASE, vocab);
    greedy.appendText(PROMPT);
    const g = await greedy.generate({ name: "X", constraint: anything(vocab, false), maxTokens: 12 });
    expect(await draw(3, { topK: 1 })).toBe(g.text);
    expect(await draw(4, { topP: 1e-9 })).toBe(g.text);
  });

  it("forks draw different samples from a shared prefix, repeatably", async () => {
    const run = async (): Promise<string[]> => {
      const root = await openPromptSession(model, settings(11), vocab);
      root.appendText(PROMPT);
      const forks = [root.fork(), root.fork(), root.fork()];
      const out: string[] = [];
      for (const f of forks) out.push((await f.generate({ name: "X", constraint: anything(vocab, false), maxTokens: 10 })).text);
      return out;
    };
    const a = await run();
    expect(await run()).toEqual(a);
    expect(new Set(a).size).toBeGreaterThan(1);
  });

  it("respects the mask", async () => {
    for (const seed of [1, 2, 3]) {
      const session = await openPromptSession(model, settings(seed), vocab);
      session.appendText(PROMPT);
      const r = await session.generate({ name: "X", constraint: oneOf(vocab, OPTIONS), maxTokens: 20 });
      expect(OPTIONS).toContain(r.value);
    }
  });
});

describe("beam and best_k", () => {
  it("beam finds a value at least as likely as argmax's, with an exact logprob", async () => {
    const greedy = await openPromptSession(model, BASE, vocab);
    greedy.appendText(PROMPT);
    const g = await greedy.generate({ name: "X", constraint: oneOf(vocab, OPTIONS), maxTokens: 20 });
    const beam = await openPromptSession(model, { ...BASE, decoder: "beam", n: 4 }, vocab);
    beam.appendText(PROMPT);
    const b = await beam.generate({ name: "X", constraint: oneOf(vocab, OPTIONS), maxTokens: 20 });
    expect(OPTIONS).toContain(b.value);
    expect(b.logprob).toBeCloseTo(await sumLogprob(b.tokens), 3);
    expect(b.logprob).toBeGreaterThanOrEqual((await sumLogprob(g.tokens)) - 1e-4);
    expect(beam.text).toBe(PROMPT + b.value);
  });

  it("beam over free text keeps its best path as the session's prompt", async () => {
    const beam = await openPromptSession(model, { ...BASE, decoder: "beam", n: 3 }, vocab);
    beam.appendText(PROMPT);
    const b = await beam.generate({ name: "X", constraint: anything(vocab, false), maxTokens: 6 });
    expect(b.tokens.length).toBe(6);
    expect(b.finish).toBe("length");
    // The beams of a step run in one batched pass: the prompt, then one pass per step.
    expect(beam.stats.forwardPasses).toBe(6);
    // The same search one beam at a time (a model without feedMany) finds the same path.
    const { feedMany: _batched, ...rest } = model as LogitsModel & { feedMany?: unknown };
    const unbatched: LogitsModel = { ...rest, encode: (t) => model.encode(t), decode: (i) => model.decode(i), createSession: () => model.createSession(), dispose: async () => {} };
    const single = await openPromptSession(unbatched, { ...BASE, decoder: "beam", n: 3 }, vocab);
    single.appendText(PROMPT);
    const s = await single.generate({ name: "X", constraint: anything(vocab, false), maxTokens: 6 });
    expect(s.tokens).toEqual(b.tokens);
    expect(single.stats.forwardPasses).toBeGreaterThan(6);
    expect(b.logprob).toBeCloseTo(await sumLogprob(b.tokens), 3);
    beam.appendText(" next");
    const c = await beam.generate({ name: "Y", constraint: anything(vocab, false), maxTokens: 2 });
    expect(beam.text).toBe(PROMPT + b.text + " next" + c.text);
  });

  it("a beam search with every token masked is a DecodeError naming the hole", async () => {
    const session = await openPromptSession(model, { ...BASE, decoder: "beam", n: 2 }, vocab);
    session.appendText(PROMPT);
    const err = await session.generate({ name: "B", constraint: nothing(vocab), maxTokens: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).hole).toBe("B");
  });

  it("best_k ranks by mean logprob", async () => {
    const session = await openPromptSession(model, { ...BASE, decoder: "best_k", n: 4 }, vocab);
    session.appendText(PROMPT);
    const r = await session.generate({ name: "X", constraint: oneOf(vocab, OPTIONS), maxTokens: 20 });
    expect(OPTIONS).toContain(r.value);
  });
});

describe("scoreOptions", () => {
  it("scores options by mean token logprob, softmaxed, without appending", async () => {
    const session = await openPromptSession(model, BASE, vocab);
    session.appendText(PROMPT);
    const scores = await session.scoreOptions(OPTIONS);
    expect(session.text).toBe(PROMPT);
    expect(scores.map((s) => s.option)).toEqual(OPTIONS);
    expect(scores.reduce((a, s) => a + s.probability, 0)).toBeCloseTo(1, 9);
    for (const s of scores) {
      const tokens = model.encode(PROMPT + s.option).slice(model.encode(PROMPT).length);
      expect(s.logprob).toBeCloseTo((await sumLogprob(tokens)) / tokens.length, 3);
    }
    const best = scores.reduce((a, b) => (b.probability > a.probability ? b : a));
    expect(best.logprob).toBe(Math.max(...scores.map((s) => s.logprob)));
    // The prompt prefix is fed once; the options are scored in one batched pass.
    expect(session.stats.forwardPasses).toBe(2);
  });
});

describe("roles", () => {
  it("uses the tokenizer's role tokens when it has them", async () => {
    const session = await openPromptSession(model, BASE, vocab);
    session.appendRole("user");
    session.appendText("Hello");
    session.appendRole("assistant");
    expect(session.text).toBe("<|user|>\nHello<|end|>\n<|assistant|>\n");
    const r = await session.generate({ name: "X", constraint: anything(vocab, false), maxTokens: 3 });
    expect(r.tokens.length).toBe(3);
  });

  it("falls back to LMQL's plain-text marker for unknown roles", async () => {
    const session = await openPromptSession(model, BASE, vocab);
    session.appendRole("narrator");
    expect(session.text).toBe("\n((narrator)):");
  });
});

describe("the one decoder table", () => {
  it("every decoder the table names starts a query in the parser and is known to the checker", async () => {
    const { DECODERS: table, DECODER_ARGUMENTS } = await import("../../src/language/decoders.js");
    const { DECODERS: parsed } = await import("../../src/syntax/parser.js");
    const { checkSource } = await import("../../src/check/check-source.js");
    for (const [name, d] of table) {
      expect(parsed.has(name), name).toBe(true);
      const codes = checkSource({ name: "q", text: `${name}\n"Q: [X]"\n` }).diagnostics.map((x) => x.code);
      expect(codes, name).toEqual(d.runs === undefined ? ["E244"] : []);
      for (const arg of d.args) expect(DECODER_ARGUMENTS.has(arg) || d.runs === undefined, `${name}(${arg})`).toBe(true);
    }
  });

  it("the checker accepts LMQL's argument names, warns on options without effect, and checks ranges", async () => {
    const { checkSource } = await import("../../src/check/check-source.js");
    const codes = (clause: string): string[] => checkSource({ name: "q", text: `${clause}\n"Q: [X]"\n` }).diagnostics.map((x) => x.code);
    expect(codes("best_k(k=3)")).toEqual([]);
    expect(codes("beam_search(n=3)")).toEqual([]);
    expect(codes("sample(n=2, temperature=0.7, top_k=5, top_p=0.9, repetition_penalty=1.2, frequency_penalty=0.5, presence_penalty=0.5, max_len=512, seed=1)")).toEqual([]);
    expect(codes("argmax(verbose=True, chunksize=4, cache=False, chunk_timeout=2.5, cuda=True, endpoint='localhost:8080', openai_nonstop=True)")).toEqual(Array(7).fill("W245"));
    expect(codes("sample(repetition_penalty=0)")).toEqual(["E243"]);
    expect(codes("beam(k=2)")).toEqual(["E241"]);
    expect(codes("beam_sample(n=2)")).toEqual(["E244"]);
  });

  it("the settings follow the table: LMQL's default widths, k for best_k, penalties passed on", async () => {
    const { resolveDecoder } = await import("../../src/api/decoder-settings.js");
    const { parse } = await import("../../src/syntax/parse.js");
    const settingsOf = async (clause: string): Promise<DecoderSettings> => {
      const q = parse({ name: "q", text: `${clause}\n"Q: [X]"\n` }).value;
      return resolveDecoder(q.decoder!, {}, 64, { name: "q", text: "" });
    };
    expect((await settingsOf("beam")).n).toBe(4);
    expect((await settingsOf("best_k(k=3)")).n).toBe(3);
    expect((await settingsOf("sample")).n).toBe(1);
    expect(await settingsOf("sample(n=2, repetition_penalty=1.5, presence_penalty=0.2, max_len=99)")).toMatchObject({ decoder: "sample", n: 2, repetitionPenalty: 1.5, presencePenalty: 0.2, maxLen: 99 });
    expect((await settingsOf("beam_search(n=2)")).decoder).toBe("beam");
  });
});
