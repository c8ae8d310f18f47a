import { beforeAll, describe, expect, it } from "vitest";
import { join } from "node:path";
import { AutoModelForCausalLM, Tensor } from "@huggingface/transformers";
import { loadTransformersModel } from "../../src/models/transformers.js";
import { bundledModelsFolder } from "../../src/models/resolve-model.js";
import type { LogitsModel, ModelSession } from "../../src/models/model.js";
import type { Vocabulary } from "../../src/constraints/engine.js";
import { vocabularyFromTokenizerJson } from "../../src/constraints/vocabulary.js";
import { openPromptSession } from "../../src/runtime/decode/prompt-session.js";
import { DecodeError } from "../../src/runtime/decode/decode-error.js";
import type { DecoderSettings } from "../../src/runtime/decode/types.js";
import { anything, nothing, oneOf, stopsAt } from "./test-constraints.js";

const PROMPT = "Q: What is the capital of France?\nA:";
const ARGMAX: DecoderSettings = { decoder: "argmax", n: 1, temperature: 0, maxTokensPerHole: 64, tokenHealing: false };

let model: LogitsModel;
let vocab: Vocabulary;

beforeAll(async () => {
  model = await loadTransformersModel("local:micro-lm");
  vocab = vocabularyFromTokenizerJson(model.tokenizerJson);
});

/** The model, with the number of tokens of every forward pass recorded. */
function countingModel(inner: LogitsModel, feeds: number[]): LogitsModel {
  const wrap = (s: ModelSession): ModelSession => ({
    get tokens() {
      return s.tokens;
    },
    stats: s.stats,
    feed: (tokens) => (feeds.push(tokens.length), s.feed(tokens)),
    score: (tokens) => s.score(tokens),
    truncate: (n) => s.truncate(n),
    fork: () => wrap(s.fork()),
  });
  return {
    id: inner.id,
    capabilities: inner.capabilities,
    vocabSize: inner.vocabSize,
    eosTokenIds: inner.eosTokenIds,
    bosTokenId: inner.bosTokenId,
    contextLength: inner.contextLength,
    tokenizerJson: inner.tokenizerJson,
    encode: (t) => inner.encode(t),
    decode: (ids) => inner.decode(ids),
    createSession: async () => wrap(await inner.createSession()),
    dispose: () => inner.dispose(),
  };
}

describe("argmax on micro-lm", () => {
  it("feeds the prompt once, then one token per pass (never re-encodes the prompt)", async () => {
    const feeds: number[] = [];
    const session = await openPromptSession(countingModel(model, feeds), ARGMAX, vocab);
    session.appendText(PROMPT);
    await session.generate({ name: "X", constraint: anything(vocab, false), maxTokens: 10 });
    session.appendText(" and then");
    await session.generate({ name: "Y", constraint: anything(vocab, false), maxTokens: 5 });
    const promptTokens = 1 + model.encode(PROMPT).length;
    expect(feeds.slice(0, 10)).toEqual([promptTokens, ...Array(9).fill(1)]);
    // The second hole: the last generated token and the new text in one pass, then single tokens.
    expect(feeds[10]).toBeLessThanOrEqual(1 + model.encode(" and then").length + 1);
    expect(feeds.slice(11)).toEqual([1, 1, 1, 1]);
  });

  it("an unconstrained hole equals transformers.js generate() greedy output, one pass per token", async () => {
    const session = await openPromptSession(model, ARGMAX, vocab);
    session.appendText(PROMPT);
    const result = await session.generate({ name: "X", constraint: anything(vocab, false), maxTokens: 20 });
    expect(result.finish).toBe("length");
    expect(result.tokens.length).toBe(20);
    // The prompt in one pass, then one pass per generated token except the last (never fed).
    expect(session.stats.forwardPasses).toBe(20);
    expect(session.stats.tokens).toBe(20);

    const reference = await AutoModelForCausalLM.from_pretrained(join(bundledModelsFolder(), "micro-lm"), { dtype: "fp32" });
    const ids = [0, ...model.encode(PROMPT)];
    const out = (await reference.generate({ inputs: new Tensor("int64", BigInt64Array.from(ids.map(BigInt)), [1, ids.length]), max_new_tokens: 20, do_sample: false, eos_token_id: [] })) as Tensor;
    const theirs = (out.tolist() as bigint[][])[0].slice(ids.length).map(Number);
    expect(result.tokens).toEqual(theirs);
    expect(result.text).toBe(model.decode(theirs));
    expect(session.text).toBe(PROMPT + result.text);
    expect(result.logprob).toBeLessThan(0);
  });

  it("a second hole reuses the cache: only the new template text is fed", async () => {
    const session = await openPromptSession(model, ARGMAX, vocab);
    session.appendText(PROMPT);
    await session.generate({ name: "A", constraint: anything(vocab, false), maxTokens: 5 });
    const passes = session.stats.forwardPasses;
    session.appendText("\nQ: And of Spain?\nA:");
    const second = await session.generate({ name: "B", constraint: anything(vocab, false), maxTokens: 3 });
    expect(second.tokens.length).toBe(3);
    // One pass for the resync (template text), then one per token but the last.
    expect(session.stats.forwardPasses - passes).toBe(3);
  });

  it("a choice hole yields one of its options, fast-forwarding after the first token", async () => {
    const session = await openPromptSession(model, ARGMAX, vocab);
    session.appendText(PROMPT);
    const options = [" the city of light and love", " a small town by the sea"];
    const result = await session.generate({ name: "CITY", constraint: oneOf(vocab, options), maxTokens: 64 });
    expect(options).toContain(result.value);
    expect(result.finish).toBe("constraint");
    expect(session.stats.fastForwardTokens).toBeGreaterThan(3);
    expect(session.stats.fastForwardTokens).toBe(result.tokens.length - 1);
    // The prompt pass only: the first token was chosen from its logits, the rest was forced and the
    // hole ended without needing more logits.
    expect(session.stats.forwardPasses).toBe(1);
    expect(session.text).toBe(PROMPT + result.value);
  });

  it("streams the text as it is decided", async () => {
    const session = await openPromptSession(model, ARGMAX, vocab);
    session.appendText(PROMPT);
    const pieces: string[] = [];
    const result = await session.generate({ name: "X", constraint: anything(vocab, false), maxTokens: 8 }, (t) => pieces.push(t));
    expect(pieces.join("")).toBe(result.text);
    expect(pieces.length).toBeGreaterThan(1);
  });

  it("stops at maxTokens with finish 'length'", async () => {
    const session = await openPromptSession(model, ARGMAX, vocab);
    session.appendText("Once upon a time");
    const result = await session.generate({ name: "X", constraint: anything(vocab, false), maxTokens: 4 });
    expect(result.finish).toBe("length");
    expect(result.tokens.length).toBe(4);
  });

  it("a stop phrase inside a token cuts the value there", async () => {
    const free = await openPromptSession(model, ARGMAX, vocab);
    free.appendText(PROMPT);
    const unconstrained = await free.generate({ name: "F", constraint: anything(vocab, false), maxTokens: 12 });
    const pieces = unconstrained.tokens.map((t) => new TextDecoder().decode(vocab.bytes(t)));
    // A stop phrase that first appears at the start of a multi-character token: that token overshoots.
    const firstAt = (i: number): boolean => {
      const before = pieces.slice(0, i).join("");
      return (before + pieces[i]).indexOf(pieces[i].slice(0, 2)) === before.length;
    };
    const k = pieces.findIndex((p, i) => i > 0 && p.length > 2 && firstAt(i));
    expect(k).toBeGreaterThan(0);
    const stop = pieces[k].slice(0, 2);
    const session = await openPromptSession(model, ARGMAX, vocab);
    session.appendText(PROMPT);
    const result = await session.generate({ name: "S", constraint: stopsAt(vocab, stop), maxTokens: 20 });
    expect(result.finish).toBe("constraint");
    expect(result.value).toBe(pieces.slice(0, k).join("") + stop);
    expect(result.text).toBe(result.value);
    expect(result.tokens).toEqual(unconstrained.tokens.slice(0, k + 1));
    expect(session.text).toBe(PROMPT + result.value);
    // The next hole resyncs the cache to the prompt + the cut value.
    session.appendText("!");
    await session.generate({ name: "T", constraint: anything(vocab, false), maxTokens: 1 });
    expect(session.text.startsWith(PROMPT + result.value + "!")).toBe(true);
  });

  it("an all-masked step is a DecodeError naming the hole", async () => {
    const session = await openPromptSession(model, ARGMAX, vocab);
    session.appendText(PROMPT);
    const err = await session.generate({ name: "ANSWER", constraint: nothing(vocab), maxTokens: 5, constraintText: "ANSWER in []" }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).code).toBe("E810");
    expect((err as DecodeError).hole).toBe("ANSWER");
    expect((err as DecodeError).message).toContain("ANSWER");
    expect((err as DecodeError).message).toContain("its constraint ANSWER in []");
    expect((err as DecodeError).toDiagnostic({ start: 3, end: 9 })).toMatchObject({ code: "E810", span: { start: 3, end: 9 }, severity: "error" });
  });

  it("a prompt longer than the context is a DecodeError naming the hole", async () => {
    const session = await openPromptSession(model, ARGMAX, vocab);
    session.appendText("word ".repeat(model.contextLength + 10));
    const err = await session.generate({ name: "LONG", constraint: anything(vocab, false), maxTokens: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).code).toBe("E811");
    expect((err as DecodeError).message).toContain("LONG");
  });

  it("generation that runs into the context length is a DecodeError too", async () => {
    const session = await openPromptSession(model, ARGMAX, vocab);
    const filler = "word ".repeat(model.contextLength - 8);
    session.appendText(filler);
    const prompt = [0, ...model.encode(filler)].length;
    expect(prompt).toBeLessThan(model.contextLength);
    const err = await session.generate({ name: "TAIL", constraint: anything(vocab, false), maxTokens: 50 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DecodeError);
    expect((err as DecodeError).code).toBe("E811");
  });

  it("the end-of-sequence token is chosen only where the value may end", async () => {
    const session = await openPromptSession(model, ARGMAX, vocab);
    session.appendText("The end.");
    const result = await session.generate({ name: "X", constraint: anything(vocab, true), maxTokens: 64 });
    expect(["eos", "length"]).toContain(result.finish);
    const closed = await openPromptSession(model, ARGMAX, vocab);
    closed.appendText("The end.");
    const never = await closed.generate({ name: "X", constraint: anything(vocab, false), maxTokens: 12 });
    expect(never.finish).toBe("length");
  });
});

describe("token healing", () => {
  it("a prompt ending in a space is healed: the first token carries the space", async () => {
    const settings: DecoderSettings = { ...ARGMAX, tokenHealing: true };
    const session = await openPromptSession(model, settings, vocab);
    const prompt = "Q: What is the capital of France?\nA: ";
    session.appendText(prompt);
    const result = await session.generate({ name: "CITY", constraint: oneOf(vocab, ["Paris", "London", "Berlin"]), maxTokens: 10 });
    expect(["Paris", "London", "Berlin"]).toContain(result.value);
    const first = new TextDecoder().decode(vocab.bytes(result.tokens[0]));
    expect(first.startsWith(" ")).toBe(true);
    expect(session.text).toBe(prompt + result.value);
  });

  it("without healing the first token cannot start with the space", async () => {
    const session = await openPromptSession(model, ARGMAX, vocab);
    session.appendText("Q: What is the capital of France?\nA: ");
    const result = await session.generate({ name: "CITY", constraint: oneOf(vocab, ["Paris", "London", "Berlin"]), maxTokens: 10 });
    const first = new TextDecoder().decode(vocab.bytes(result.tokens[0]));
    expect(first.startsWith(" ")).toBe(false);
  });
});
