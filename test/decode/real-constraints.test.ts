import { beforeAll, describe, expect, it } from "vitest";
import { loadTransformersModel } from "../../src/models/transformers.js";
import type { LogitsModel } from "../../src/models/model.js";
import type { Vocabulary } from "../../src/constraints/engine.js";
import type { ConstraintSpec } from "../../src/constraints/spec.js";
import { vocabularyFromTokenizerJson } from "../../src/constraints/vocabulary.js";
import { compileConstraint } from "../../src/constraints/compile.js";
import { openPromptSession } from "../../src/runtime/decode/prompt-session.js";
import type { DecoderSettings, HoleResult } from "../../src/runtime/decode/types.js";
import { scriptedModel } from "../../src/testing/scripted-model.js";

const PROMPT = "Q: What is 12 + 30?\nA:";
const ARGMAX: DecoderSettings = { decoder: "argmax", n: 1, temperature: 0, maxTokensPerHole: 40 };

let model: LogitsModel;
let vocab: Vocabulary;

beforeAll(async () => {
  model = await loadTransformersModel("local:micro-lm");
  vocab = vocabularyFromTokenizerJson(model.tokenizerJson);
});

async function fill(spec: ConstraintSpec, settings: DecoderSettings = ARGMAX, prompt = PROMPT, maxTokens = 30): Promise<HoleResult> {
  const session = await openPromptSession(model, settings, vocab);
  session.appendText(prompt);
  return session.generate({ name: "X", constraint: compileConstraint(spec, vocab), maxTokens });
}

describe("holes under the real mask engine (micro-lm)", () => {
  it("a regex hole matches its regex", async () => {
    for (const decoder of ["argmax", "sample", "beam"] as const) {
      const r = await fill({ kind: "regex", pattern: " [0-9]{2,3}" }, { ...ARGMAX, decoder, n: 2, temperature: 1, seed: 5 });
      expect(r.value).toMatch(/^ [0-9]{2,3}$/);
    }
  });

  it("an int hole is an integer and a choice hole one of its options", async () => {
    expect((await fill({ kind: "int" }, ARGMAX, PROMPT + " ", 8)).value).toMatch(/^-?[0-9]+$/);
    const options = [" forty-two", " forty-one", " twelve"];
    const r = await fill({ kind: "choice", options });
    expect(options).toContain(r.value);
    expect(r.finish).toBe("constraint");
  });

  it("a stop phrase with a token cap stops at the phrase or the cap", async () => {
    const r = await fill({ kind: "and", parts: [{ kind: "stopsAt", stop: "." }, { kind: "tokenLength", op: "<", n: 12 }] }, ARGMAX, "The cat", 11);
    expect(r.tokens.length).toBeLessThanOrEqual(11);
    // Either the phrase ended it, or the token counter did (11 tokens: the constraint's own cap).
    expect(r.value.endsWith(".") || r.tokens.length === 11).toBe(true);
    expect(r.value.indexOf(".")).toBe(r.value.includes(".") ? r.value.length - 1 : -1);
  });

  it("STOPS_BEFORE leaves the phrase out of the value", async () => {
    const scripted = scriptedModel(["yes, and more\nnext"]);
    const v = vocabularyFromTokenizerJson(scripted.tokenizerJson);
    const session = await openPromptSession(scripted, ARGMAX, v);
    session.appendText("Answer: ");
    const r = await session.generate({ name: "X", constraint: compileConstraint({ kind: "stopsBefore", stop: "\n" }, v), maxTokens: 20 });
    expect(r.value).toBe("yes, and more");
  });

  it("a value that must be empty ends at once, even where token healing would apply", async () => {
    const session = await openPromptSession(model, ARGMAX, vocab);
    session.appendText("A: ");
    const r = await session.generate({ name: "E", constraint: compileConstraint({ kind: "equals", text: "" }, vocab), maxTokens: 5 });
    expect(r.value).toBe("");
    expect(r.tokens).toEqual([]);
    expect(r.finish).toBe("constraint");
    session.appendText("next");
    const n = await session.generate({ name: "N", constraint: compileConstraint({ kind: "choice", options: [" one", " two"] }, vocab), maxTokens: 5 });
    expect(session.text).toBe(`A: next${n.value}`);
  });

  it("fast-forward: a long forced suffix costs no forward passes", async () => {
    const session = await openPromptSession(model, { ...ARGMAX, tokenHealing: false }, vocab);
    session.appendText(PROMPT);
    const spec: ConstraintSpec = { kind: "regex", pattern: " The answer is [0-9]+ and that is final\\." };
    const r = await session.generate({ name: "X", constraint: compileConstraint(spec, vocab), maxTokens: 40 });
    expect(r.value).toMatch(/^ The answer is [0-9]+ and that is final\.$/);
    expect(session.stats.fastForwardTokens).toBeGreaterThanOrEqual(8);
    expect(session.stats.forwardPasses).toBeLessThan(r.tokens.length);
  });
});
