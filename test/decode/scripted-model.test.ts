import { describe, expect, it } from "vitest";
import { scriptedModel } from "../../src/testing/scripted-model.js";
import { vocabularyFromTokenizerJson } from "../../src/constraints/vocabulary.js";
import { openPromptSession } from "../../src/runtime/decode/prompt-session.js";
import type { DecoderSettings } from "../../src/runtime/decode/types.js";
import { anything, oneOf, stopsAt } from "./test-constraints.js";

const ARGMAX: DecoderSettings = { decoder: "argmax", n: 1, temperature: 0, maxTokensPerHole: 64 };

describe("scriptedModel", () => {
  it("replies with the scripted text for each hole, in order, and records the prompts", async () => {
    const model = scriptedModel(["Paris", " and Madrid"]);
    const vocab = vocabularyFromTokenizerJson(model.tokenizerJson);
    const session = await openPromptSession(model, ARGMAX, vocab);
    session.appendText("Q: Capital of France?\nA: ");
    const a = await session.generate({ name: "A", constraint: anything(vocab), maxTokens: 20 });
    expect(a.value).toBe("Paris");
    expect(a.finish).toBe("eos");
    session.appendText("\nMore:");
    const b = await session.generate({ name: "B", constraint: anything(vocab), maxTokens: 20 });
    expect(b.value).toBe(" and Madrid");
    expect(model.prompts).toEqual(["Q: Capital of France?\nA: ", "Q: Capital of France?\nA: Paris\nMore:"]);
    expect(session.text).toBe("Q: Capital of France?\nA: Paris\nMore: and Madrid");
  });

  it("a constraint overrides the script", async () => {
    const model = scriptedModel(["Lyon is nice"]);
    const vocab = vocabularyFromTokenizerJson(model.tokenizerJson);
    const session = await openPromptSession(model, ARGMAX, vocab);
    session.appendText("City:");
    const r = await session.generate({ name: "C", constraint: oneOf(vocab, [" Paris", " Rome"]), maxTokens: 20 });
    expect([" Paris", " Rome"]).toContain(r.value);
  });

  it("a stop phrase cuts the scripted reply", async () => {
    const model = scriptedModel(["first line\nsecond line"]);
    const vocab = vocabularyFromTokenizerJson(model.tokenizerJson);
    const session = await openPromptSession(model, ARGMAX, vocab);
    session.appendText("Text: ");
    const r = await session.generate({ name: "T", constraint: stopsAt(vocab, "\n"), maxTokens: 20 });
    expect(r.value).toBe("first line\n");
    expect(r.finish).toBe("constraint");
  });

  it("beam search and sampling follow the script too (forks keep the hole's state)", async () => {
    for (const settings of [
      { ...ARGMAX, decoder: "beam" as const, n: 3 },
      { ...ARGMAX, decoder: "sample" as const, temperature: 1, seed: 1 },
    ]) {
      const model = scriptedModel(["Paris", "Rome"]);
      const vocab = vocabularyFromTokenizerJson(model.tokenizerJson);
      const session = await openPromptSession(model, settings, vocab);
      session.appendText("France: ");
      expect((await session.generate({ name: "A", constraint: anything(vocab), maxTokens: 10 })).value).toBe("Paris");
      session.appendText("\nItaly: ");
      expect((await session.generate({ name: "B", constraint: anything(vocab), maxTokens: 10 })).value).toBe("Rome");
    }
  });

  it("running out of replies is a clear error", async () => {
    const model = scriptedModel(["only one"]);
    const vocab = vocabularyFromTokenizerJson(model.tokenizerJson);
    const session = await openPromptSession(model, ARGMAX, vocab);
    session.appendText("a: ");
    await session.generate({ name: "A", constraint: anything(vocab), maxTokens: 10 });
    session.appendText(" b: ");
    await expect(session.generate({ name: "B", constraint: anything(vocab), maxTokens: 10 })).rejects.toThrow(/no reply for hole #2/);
  });

  it("a reply function sees the prompt and the hole index", async () => {
    const model = scriptedModel((prompt, i) => `#${i}:${prompt.length}`);
    const vocab = vocabularyFromTokenizerJson(model.tokenizerJson);
    const session = await openPromptSession(model, ARGMAX, vocab);
    session.appendText("abc");
    expect((await session.generate({ name: "X", constraint: anything(vocab), maxTokens: 20 })).value).toBe("#0:3");
  });
});
