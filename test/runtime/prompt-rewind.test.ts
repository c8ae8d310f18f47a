/**
 * `rewind`: the prompt is cut back to an earlier length (post-processing rewrites a value, a nested
 * query is unwound) and the KV cache resyncs by token prefix at the next hole, without re-encoding
 * what is still valid.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { loadTransformersModel } from "../../src/models/transformers.js";
import type { LogitsModel } from "../../src/models/model.js";
import type { Vocabulary } from "../../src/constraints/engine.js";
import { vocabularyFromTokenizerJson } from "../../src/constraints/vocabulary.js";
import { openPromptSession } from "../../src/runtime/decode/prompt-session.js";
import { PromptText } from "../../src/runtime/decode/prompt-text.js";
import type { DecoderSettings } from "../../src/runtime/decode/types.js";
import { anything } from "../decode/test-constraints.js";

const ARGMAX: DecoderSettings = { decoder: "argmax", n: 1, temperature: 0, maxTokensPerHole: 64, tokenHealing: false };
const PROMPT = "Q: What is the capital of France?\nA:";

let model: LogitsModel;
let vocab: Vocabulary;

beforeAll(async () => {
  model = await loadTransformersModel("local:micro-lm");
  vocab = vocabularyFromTokenizerJson(model.tokenizerJson);
});

describe("PromptText.rewind", () => {
  it("cuts text to any earlier length and re-tokenizes as the model would", () => {
    const p = new PromptText(model);
    p.append("Hello there");
    p.append(", world");
    for (const n of [18, 11, 5, 0]) {
      const copy = p.fork();
      copy.rewind(n);
      expect(copy.text).toBe("Hello there, world".slice(0, n));
      expect(copy.tokens()).toEqual([...(model.bosTokenId === undefined ? [] : [model.bosTokenId]), ...model.encode(copy.text)]);
    }
  });

  it("keeps role markers before the cut and drops those after; the open role follows", () => {
    const p = new PromptText(model);
    p.appendRole("user");
    p.append("Hi");
    const afterUser = p.text.length;
    p.appendRole("assistant");
    p.append("Hello");
    const withAssistant = p.fork();
    p.rewind(afterUser);
    expect(p.text).toBe("<|user|>\nHi");
    // The user turn is open again: a new role closes it with <|end|> first.
    p.appendRole("assistant");
    expect(p.text).toBe("<|user|>\nHi<|end|>\n<|assistant|>\n");
    expect(p.tokens()).toEqual(withAssistant.fork().tokens().slice(0, p.tokens().length));
  });

  it("after rewinding past every role, no turn is open", () => {
    const p = new PromptText(model);
    p.append("Intro ");
    p.appendRole("user");
    p.rewind(6);
    p.appendRole("user");
    expect(p.text).toBe("Intro <|user|>\n");
  });

  it("refuses a cut inside a role marker or beyond the text", () => {
    const p = new PromptText(model);
    p.appendRole("user");
    expect(() => p.rewind(3)).toThrow(RangeError);
    expect(() => p.rewind(p.text.length + 1)).toThrow(RangeError);
    expect(() => p.rewind(-1)).toThrow(RangeError);
    expect(p.text).toBe("<|user|>\n");
  });
});

describe("PromptSession.rewind", () => {
  it("replaces a generated value and the next hole feeds only what changed", async () => {
    const session = await openPromptSession(model, ARGMAX, vocab);
    session.appendText(PROMPT);
    const mark = session.text.length;
    const first = await session.generate({ name: "A", constraint: anything(vocab, false), maxTokens: 6 });
    expect(session.text).toBe(PROMPT + first.text);
    session.rewind(mark);
    session.appendText(" Paris");
    expect(session.text).toBe(PROMPT + " Paris");
    const passes = session.stats.forwardPasses;
    session.appendText("\nQ: And Spain?\nA:");
    const second = await session.generate({ name: "B", constraint: anything(vocab, false), maxTokens: 3 });
    // One resync pass (from the first token that differs), then one per token but the last.
    expect(session.stats.forwardPasses - passes).toBe(3);

    // The same second hole on a fresh session with the rewritten prompt gives the same tokens.
    const fresh = await openPromptSession(model, ARGMAX, vocab);
    fresh.appendText(PROMPT + " Paris\nQ: And Spain?\nA:");
    const reference = await fresh.generate({ name: "B", constraint: anything(vocab, false), maxTokens: 3 });
    expect(second.tokens).toEqual(reference.tokens);
  });

  it("scoring after a rewind scores against the rewound prompt", async () => {
    const session = await openPromptSession(model, ARGMAX, vocab);
    session.appendText(PROMPT + " something long that will be unwound");
    await session.generate({ name: "A", constraint: anything(vocab, false), maxTokens: 2 });
    session.rewind(PROMPT.length);
    const fresh = await openPromptSession(model, ARGMAX, vocab);
    fresh.appendText(PROMPT);
    const options = [" Paris", " Rome"];
    expect(await session.scoreOptions(options)).toEqual(await fresh.scoreOptions(options));
  });
});
